package web

import "net/http"

// registerInterviews adds the routes of this area, each line with the permission it
// needs (decided by internal/policy in the service).
func (h *Handler) registerInterviews(mux *http.ServeMux) {
	mux.Handle("GET /manage/entries/{id}/interviews/new", h.signedIn(h.interviewNewForm))        // signed-in: policy.InterviewPlan; entry at stage interview
	mux.Handle("POST /manage/entries/{id}/interviews/new", h.signedIn(h.interviewCreate))        // signed-in: policy.InterviewPlan; entry at stage interview
	mux.Handle("GET /manage/interviews/{id}/reschedule", h.signedIn(h.interviewRescheduleForm))  // signed-in: policy.InterviewPlan
	mux.Handle("POST /manage/interviews/{id}/reschedule", h.signedIn(h.interviewRescheduleSave)) // signed-in: policy.InterviewPlan
	mux.Handle("GET /manage/interviews/{id}/cancel", h.signedIn(h.interviewCancelForm))          // signed-in: policy.InterviewPlan (confirmation page)
	mux.Handle("POST /manage/interviews/{id}/cancel", h.signedIn(h.interviewCancelSave))         // signed-in: policy.InterviewPlan
	mux.Handle("POST /me/interviews/{id}/pick", h.signedIn(h.interviewPick))                     // signed-in: policy.InterviewPick (the participant only)
	mux.Handle("GET /interviews/{file}", h.signedIn(h.interviewCalendar))                        // signed-in: policy.EntryView; file is ID.ics
}
