package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// The demo's teams after the match (issue 10), so that the site shows
// accompaniment at work: an in-progress project whose team is the demo
// participant, the watercress farm's staff, the Gifu coordinator and the
// demo supporter, with its charter, agreement, kickoff, three check-ins
// and a comment; a Gifu project whose team has gone quiet (flagged by the
// early-warning job when the site starts); and a completed project with
// both sides' reflections and the demo participant's public record.
//
// The projects already stand where the stories need them (in progress or
// closed), so the matches are written to the store as they would have
// happened; everything after the match goes through the services, on a
// clock walked through the story, so the rules and notices hold.

// teamStory is one demo team.
type teamStory struct {
	project     string
	participant string // e-mail
	staff       string // e-mail of the company's staff; made when it is no demo account
	staffName   string
	play        func(ctx context.Context, p *teamPlay) error
}

// teamPlay is what a story's steps use: the services over the story's
// clock, the team and its people.
type teamPlay struct {
	svc                    *service.Services
	db                     *store.DB
	at                     *time.Time
	now                    time.Time
	project                *furusato.Project
	team                   *furusato.Team
	participant, staff     *furusato.Actor
	coordinator, supporter *furusato.Actor
	admin                  *furusato.Actor
}

// day sets the story's clock to n days before now, at 10:00 JST.
func (p *teamPlay) day(n int) {
	d := furusato.DateOf(p.now).AddDays(-n)
	*p.at = time.Date(d.Year, time.Month(d.Month), d.Day, 10, 0, 0, 0, furusato.JST)
}

var teamStories = []teamStory{
	{project: "gujo-watercress-subscription-ec", participant: "participant@demo.furusato.example",
		staff: "staff.watercress@demo.furusato.example", play: playInProgress},
	{project: "hida-fans-meetup-tokyo", participant: "morimoto.hina@demo.furusato.example",
		staff: "staff.hida-fan@demo.furusato.example", staffName: "飛騨ファンベース 担当", play: playQuiet},
	{project: "echigo-metal-paperless-dx", participant: "participant@demo.furusato.example",
		staff: "staff.echigo@demo.furusato.example", staffName: "越後メタル 担当", play: playCompleted},
}

// LoadTeams plays the demo's team stories once (a project that already
// has a team is left alone) and returns how many it played. It needs the
// demo accounts (LoadAccounts).
func LoadTeams(ctx context.Context, db *store.DB, now time.Time, argon service.ArgonParams, baseURL string) (int, error) {
	at := now
	svc, err := service.New(db, service.Config{BaseURL: baseURL, Now: func() time.Time { return at }, Argon: argon})
	if err != nil {
		return 0, err
	}
	coord, err := demoActor(ctx, db, "coordinator.gifu@demo.furusato.example")
	if err != nil {
		return 0, fmt.Errorf("demo: teams need the demo accounts (LoadAccounts first): %w", err)
	}
	sup, err := demoActor(ctx, db, "supporter@demo.furusato.example")
	if err != nil {
		return 0, err
	}
	admin, err := demoActor(ctx, db, "admin@demo.furusato.example")
	if err != nil {
		return 0, err
	}
	played := 0
	for _, st := range teamStories {
		pr, err := db.FindProject(ctx, st.project, furusato.ProjectStatuses)
		if skippable(err) {
			continue
		} else if err != nil {
			return played, err
		}
		if _, err := db.FindTeamByProject(ctx, pr.ID); err == nil {
			continue // played before
		}
		p := &teamPlay{svc: svc, db: db, at: &at, now: now, project: pr, coordinator: coord, supporter: sup, admin: admin}
		if p.participant, err = storyPerson(ctx, svc, db, st.participant, "森本 陽菜", 0, now); err != nil {
			return played, err
		}
		if p.staff, err = storyPerson(ctx, svc, db, st.staff, st.staffName, pr.CompanyID, now); err != nil {
			return played, err
		}
		if err := st.play(ctx, p); skippable(err) {
			continue
		} else if err != nil {
			return played, fmt.Errorf("demo: team of %s: %w", st.project, err)
		}
		played++
	}
	return played, AgreeTerms(ctx, db, now)
}

// storyPerson returns the actor of email, making a confirmed account named
// name first when there is none (company staff of company when it is not 0).
func storyPerson(ctx context.Context, svc *service.Services, db *store.DB, email, name string, company int64, now time.Time) (*furusato.Actor, error) {
	if a, err := demoActor(ctx, db, email); err == nil {
		return a, nil
	} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
		return nil, err
	}
	u, err := svc.Users.CreateUser(ctx, email, name, Password, false)
	if err != nil {
		return nil, fmt.Errorf("demo: account %s: %w", email, err)
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.MarkEmailVerified(ctx, u.ID, now.Add(-120*24*time.Hour)); err != nil {
			return err
		}
		if company == 0 {
			return nil
		}
		return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: company}, now)
	})
	if err != nil {
		return nil, err
	}
	return db.ActorFor(ctx, u.ID)
}

// match writes the participant's matched entry, as the entry workflow
// would have left it, and makes the team.
func (p *teamPlay) match(ctx context.Context, motivation string) error {
	at := *p.at
	return p.db.Tx(ctx, func(tx *store.Tx) error {
		e := &furusato.Entry{ProjectID: p.project.ID, UserID: p.participant.User.ID, CompanyID: p.project.CompanyID,
			OrganizationID: p.project.OrganizationID, Motivation: motivation,
			Contribution: "これまでの仕事の経験を活かして、チームの一員として取り組みます。", HoursPerWeek: 4}
		if err := tx.CreateEntry(ctx, e, at.Add(-10*24*time.Hour)); err != nil {
			return err
		}
		if err := tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageMatched, at); err != nil {
			return err
		}
		if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: p.participant.User.ID,
			From: furusato.StageOffered, To: furusato.StageMatched}, at); err != nil {
			return err
		}
		t, err := tx.EnsureTeam(ctx, p.project.ID, at)
		p.team = t
		return err
	})
}

// linkSupporter adds the demo supporter to the project's supporters.
func (p *teamPlay) linkSupporter(ctx context.Context) error {
	pr, err := p.db.FindProject(ctx, strconv.FormatInt(p.project.ID, 10), furusato.ProjectStatuses)
	if err != nil {
		return err
	}
	org := int64(0)
	for _, m := range p.supporter.Memberships {
		if m.Role == furusato.RoleSupporter {
			org = m.OrganizationID
		}
	}
	list := append(pr.Supporters, furusato.Supporter{OrganizationID: org, Name: p.supporter.User.DisplayName,
		Role: "伴走・振り返り", Email: p.supporter.User.Email})
	if _, err = p.svc.Projects.Update(ctx, p.coordinator, pr.ID, furusato.ProjectUpdate{Supporters: &list}, pr.Version()); err != nil {
		return err
	}
	p.supporter, err = p.db.ActorFor(ctx, p.supporter.User.ID) // an actor's assignments are read with it
	return err
}

// charter writes the first charter as author and has everyone in confirm.
func (p *teamPlay) charter(ctx context.Context, author *furusato.Actor, c furusato.Charter, confirm ...*furusato.Actor) error {
	saved, err := p.svc.Teams.SaveCharter(ctx, author, p.team.ID, c, 0)
	if err != nil {
		return err
	}
	for _, a := range confirm {
		if _, err := p.svc.Teams.ConfirmCharter(ctx, a, p.team.ID, saved.Version); err != nil {
			return fmt.Errorf("%s confirms: %w", a.User.Email, err)
		}
	}
	return nil
}

// expect writes a's expectations on the current charter.
func (p *teamPlay) expect(ctx context.Context, a *furusato.Actor, give, get string) error {
	_, err := p.svc.Teams.SaveExpectation(ctx, a, p.team.ID, 1, furusato.Expectation{Give: give, Get: get})
	return err
}

// kickoff proposes the kickoff as the coordinator-side actor by, for
// daysLater days after the clock at 19:30 JST online, and has picker pick it.
func (p *teamPlay) kickoff(ctx context.Context, by, picker *furusato.Actor, daysLater int) error {
	d := furusato.DateOf(*p.at).AddDays(daysLater)
	in := furusato.MeetingProposal{Kind: "kickoff", InterviewProposal: furusato.InterviewProposal{
		Slots: []furusato.SlotDraft{{Year: strconv.Itoa(d.Year), Month: strconv.Itoa(int(d.Month)), Day: strconv.Itoa(d.Day),
			Time: "19:30", Minutes: "60"}},
		Mode: "online", Location: "https://meet.example.jp/furusato-kickoff"}}
	m, err := p.svc.Teams.ProposeMeeting(ctx, by, p.team.ID, in)
	if err != nil {
		return err
	}
	return p.svc.Teams.PickMeeting(ctx, picker, m.ID, m.Slots[0].ID)
}

// checkIn writes a check-in of the participant.
func (p *teamPlay) checkIn(ctx context.Context, done, next, blockers string, hours int) error {
	_, err := p.svc.Teams.WriteCheckIn(ctx, p.participant, p.team.ID, service.CheckInInput{Done: done, Next: next,
		Blockers: blockers, Hours: strconv.Itoa(hours)})
	return err
}

// latestCheckIn returns the id of the team's newest check-in.
func (p *teamPlay) latestCheckIn(ctx context.Context) (int64, error) {
	tl, err := p.svc.Teams.CheckIns(ctx, p.coordinator, p.team.ID, 0, 1)
	if err != nil {
		return 0, err
	}
	if len(tl.CheckIns) == 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "no check-in")
	}
	return tl.CheckIns[0].ID, nil
}

// steps runs fns in order, stopping at the first error.
func steps(fns ...func() error) error {
	for _, fn := range fns {
		if err := fn(); err != nil {
			return err
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
