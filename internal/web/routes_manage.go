package web

import "net/http"

// registerManage adds the routes where company staff and coordinators
// manage projects, each line with the permission it needs. The decisions
// themselves are the policy's (internal/policy), made in the service;
// a project the person may not see is 404, like a missing one.
func (h *Handler) registerManage(mux *http.ServeMux) {
	mux.Handle("GET /manage", h.signedIn(h.manageDashboard))                     // signed-in: coordinator, company staff or admin, else 404
	mux.Handle("GET /manage/projects/new", h.signedIn(h.manageNewForm))          // signed-in: policy.ProjectCreate for ?company=
	mux.Handle("POST /manage/projects/new", h.signedIn(h.manageCreate))          // signed-in: policy.ProjectCreate
	mux.Handle("GET /manage/projects/{id}", h.signedIn(h.manageShow))            // signed-in: policy.ProjectHistory (works on it)
	mux.Handle("GET /manage/projects/{id}/edit", h.signedIn(h.manageEditForm))   // signed-in: policy.ProjectEdit
	mux.Handle("POST /manage/projects/{id}/edit", h.signedIn(h.manageUpdate))    // signed-in: policy.ProjectEdit (+ ProjectAssignSupporters)
	mux.Handle("GET /manage/projects/{id}/preview", h.signedIn(h.managePreview)) // signed-in: policy.ProjectHistory (works on it)
	mux.Handle("POST /manage/projects/{id}/move", h.signedIn(h.manageMove))      // signed-in: policy.Move for ?to=
	mux.Handle("POST /manage/projects/{id}/cover", h.signedIn(h.coverUpload))    // signed-in: policy.ProjectEdit; multipart, ≤ 5 MB
	mux.Handle("POST /manage/projects/{id}/cover/remove", h.signedIn(h.uncover)) // signed-in: policy.ProjectEdit
}
