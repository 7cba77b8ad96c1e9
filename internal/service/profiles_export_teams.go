package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The data export's team section (issue 10): what the person wrote or
// agreed to in their teams (store.FindUserTeamData). Each row names its
// project by title; other members' texts are never included.

// ExportTeams is the person's team data.
type ExportTeams struct {
	Teams                []ExportTeam             `json:"teams"` // the teams they are a participant of
	Expectations         []ExportExpectation      `json:"expectations"`
	CharterConfirmations []ExportTeamConfirmation `json:"charter_confirmations"`
	AgreementAcceptances []ExportTeamAcceptance   `json:"agreement_acceptances"`
	CheckIns             []ExportCheckIn          `json:"checkins"`
	CheckInComments      []ExportTeamText         `json:"checkin_comments"`
	TeamMessages         []ExportTeamText         `json:"team_messages"`
	Interventions        []ExportTeamIntervention `json:"interventions"`
	Milestones           []ExportTeamMilestone    `json:"milestones"`
	Records              []ExportRecord           `json:"records"`     // participation records, with the signed credential once issued
	Reflections          []ExportReflection       `json:"reflections"` // the reflections they wrote
}

// ExportAnswer is one rated answer of a reflection.
type ExportAnswer struct {
	Question string `json:"question"`
	Rating   int    `json:"rating"`
	Text     string `json:"text"`
}

// ExportReflection is a reflection the person wrote.
type ExportReflection struct {
	Project     string         `json:"project"`
	Side        string         `json:"side"`
	Answers     []ExportAnswer `json:"answers"`
	Again       string         `json:"again"`
	Message     string         `json:"message"`
	SubmittedAt time.Time      `json:"submitted_at"`
}

// ExportRecord is one of the person's participation records.
type ExportRecord struct {
	Project    string    `json:"project"`
	Company    string    `json:"company"`
	Role       string    `json:"role"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Hours      int       `json:"hours"`
	Words      string    `json:"company_words"`
	Status     string    `json:"status"`
	Public     bool      `json:"public"`
	Credential string    `json:"credential"` // the OpenBadgeCredential as issued; "" for a draft
}

// ExportTeam is a team the person is a participant of.
type ExportTeam struct {
	Project   ExportProject `json:"project"`
	KickoffAt *time.Time    `json:"kickoff_at"` // null until set
}

// ExportExpectation is what the person expects to give and to get, on
// one charter version.
type ExportExpectation struct {
	Project   string    `json:"project"`
	Give      string    `json:"give"`
	Get       string    `json:"get"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ExportTeamConfirmation is the person's confirmation of a charter version.
type ExportTeamConfirmation struct {
	Project     string    `json:"project"`
	Version     int       `json:"version"`
	Role        string    `json:"role"`
	ConfirmedAt time.Time `json:"confirmed_at"`
}

// ExportTeamAcceptance is the person's acceptance of an agreement version,
// for themself (participant) or for their company (company).
type ExportTeamAcceptance struct {
	Project    string    `json:"project"`
	Version    int       `json:"version"`
	Party      string    `json:"party"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// ExportCheckIn is one of the person's check-ins.
type ExportCheckIn struct {
	Project     string    `json:"project"`
	Seq         int       `json:"seq"`
	PeriodStart time.Time `json:"period_start"`
	PeriodEnd   time.Time `json:"period_end"`
	Done        string    `json:"done"`
	Next        string    `json:"next"`
	Blockers    string    `json:"blockers"`
	Hours       int       `json:"hours"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportTeamText is a comment or a team message the person wrote.
type ExportTeamText struct {
	Project   string    `json:"project"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportTeamIntervention is an intervention the person recorded.
type ExportTeamIntervention struct {
	Project   string    `json:"project"`
	Action    string    `json:"action"`
	Next      string    `json:"next"` // YYYY-MM-DD, "" for none
	CreatedAt time.Time `json:"created_at"`
}

// ExportTeamMilestone is a milestone the person owns.
type ExportTeamMilestone struct {
	Project string `json:"project"`
	Title   string `json:"title"`
	Due     string `json:"due"` // YYYY-MM-DD
	Status  string `json:"status"`
}

// exportTeams fills the team section of x for user id.
func (pd *PersonalData) exportTeams(ctx context.Context, id int64, x *DataExport) error {
	d, err := pd.db.FindUserTeamData(ctx, id)
	if err != nil {
		return err
	}
	t := &ExportTeams{Teams: []ExportTeam{}, Expectations: []ExportExpectation{}, CharterConfirmations: []ExportTeamConfirmation{},
		AgreementAcceptances: []ExportTeamAcceptance{}, CheckIns: []ExportCheckIn{}, CheckInComments: []ExportTeamText{},
		TeamMessages: []ExportTeamText{}, Interventions: []ExportTeamIntervention{}, Milestones: []ExportTeamMilestone{},
		Records: []ExportRecord{}, Reflections: []ExportReflection{}}
	for _, r := range d.Teams {
		t.Teams = append(t.Teams, ExportTeam{Project: ExportProject{Title: r.Project, Slug: r.Slug}, KickoffAt: jstOrNil(r.KickoffAt)})
	}
	for _, r := range d.Expectations {
		t.Expectations = append(t.Expectations, ExportExpectation{Project: r.Project, Give: r.Row.Give, Get: r.Row.Get, UpdatedAt: jst(r.Row.UpdatedAt)})
	}
	for _, r := range d.Confirmations {
		t.CharterConfirmations = append(t.CharterConfirmations, ExportTeamConfirmation{Project: r.Project, Version: r.Row.Version,
			Role: string(r.Row.Role), ConfirmedAt: jst(r.Row.ConfirmedAt)})
	}
	for _, r := range d.Acceptances {
		t.AgreementAcceptances = append(t.AgreementAcceptances, ExportTeamAcceptance{Project: r.Project, Version: r.Row.Version,
			Party: string(r.Row.Party), AcceptedAt: jst(r.Row.AcceptedAt)})
	}
	for _, r := range d.CheckIns {
		c := r.Row
		t.CheckIns = append(t.CheckIns, ExportCheckIn{Project: r.Project, Seq: c.Seq, PeriodStart: jst(c.PeriodStart), PeriodEnd: jst(c.PeriodEnd),
			Done: c.Done, Next: c.Next, Blockers: c.Blockers, Hours: c.Hours, CreatedAt: jst(c.CreatedAt)})
	}
	for _, r := range d.Comments {
		t.CheckInComments = append(t.CheckInComments, ExportTeamText{Project: r.Project, Body: r.Row.Body, CreatedAt: jst(r.Row.CreatedAt)})
	}
	for _, r := range d.Messages {
		t.TeamMessages = append(t.TeamMessages, ExportTeamText{Project: r.Project, Body: r.Row.Body, CreatedAt: jst(r.Row.CreatedAt)})
	}
	for _, r := range d.Interventions {
		next := ""
		if !r.Row.Next.IsZero() {
			next = r.Row.Next.String()
		}
		t.Interventions = append(t.Interventions, ExportTeamIntervention{Project: r.Project, Action: r.Row.Action, Next: next, CreatedAt: jst(r.Row.CreatedAt)})
	}
	for _, r := range d.Milestones {
		t.Milestones = append(t.Milestones, ExportTeamMilestone{Project: r.Project, Title: r.Row.Title, Due: r.Row.Due.String(), Status: string(r.Row.Status)})
	}
	recs, err := pd.db.FindUserRecords(ctx, id)
	if err != nil {
		return err
	}
	for _, r := range recs {
		t.Records = append(t.Records, ExportRecord{Project: r.ProjectTitle, Company: r.CompanyName, Role: r.Role,
			Start: jst(r.Start), End: jst(r.End), Hours: r.Hours, Words: r.Words, Status: string(r.Status), Public: r.Public,
			Credential: r.Credential})
	}
	refl, err := pd.db.FindUserReflections(ctx, id)
	if err != nil {
		return err
	}
	for _, r := range refl {
		tm, err := pd.db.FindTeam(ctx, r.TeamID)
		if err != nil {
			return err
		}
		p, err := pd.db.FindProject(ctx, formatID(tm.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		x := ExportReflection{Project: p.Title, Side: string(r.Side), Answers: []ExportAnswer{}, Again: string(r.Again),
			Message: r.Message, SubmittedAt: jst(r.SubmittedAt)}
		for _, a := range r.Answers {
			x.Answers = append(x.Answers, ExportAnswer{Question: a.Question, Rating: a.Rating, Text: a.Text})
		}
		t.Reflections = append(t.Reflections, x)
	}
	x.Teams = t
	return nil
}
