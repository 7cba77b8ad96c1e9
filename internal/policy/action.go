package policy

// Action names what an actor wants to do. The names are stable: route tables,
// audit records and tests use them.
type Action string

// Project actions, decided by Project (and, for the status moves, Move).
const (
	ProjectView             Action = "project.view"              // see the project page, public or not
	ProjectCreate           Action = "project.create"            // create a new project, always as a draft
	ProjectEdit             Action = "project.edit"              // change the project's content
	ProjectSubmit           Action = "project.submit"            // draft → in_review
	ProjectSendBack         Action = "project.send_back"         // in_review → draft, with a comment
	ProjectPublish          Action = "project.publish"           // draft or in_review → published
	ProjectClose            Action = "project.close"             // published → closed
	ProjectReopen           Action = "project.reopen"            // closed → published
	ProjectCancel           Action = "project.cancel"            // any status before completed → cancelled
	ProjectStart            Action = "project.start"             // closed → in_progress
	ProjectComplete         Action = "project.complete"          // in_progress → completed
	ProjectAssignSupporters Action = "project.assign_supporters" // choose the supporters and their roles
	ProjectHistory          Action = "project.history"           // read the status history and its comments
)

// Company actions, decided by Company.
const (
	CompanyCreate      Action = "company.create"       // register a host company
	CompanyEdit        Action = "company.edit"         // change the company's profile
	CompanyInviteStaff Action = "company.invite_staff" // invite a person as the company's staff
)

// Organisation actions, decided by Organization (and OrgManage also by Global).
const (
	OrgManage            Action = "org.manage"             // create or edit organisations
	OrgInviteCoordinator Action = "org.invite_coordinator" // invite a coordinator into a coordinator organisation or the secretariat
	OrgInviteSupporter   Action = "org.invite_supporter"   // invite a supporter into a partner group
	OrgCoordinate        Action = "org.coordinate"         // work on the projects the organisation coordinates (at /manage)
)

// MemberRemove removes a membership from a company (decided by Company) or
// from an organisation (decided by Organization).
const MemberRemove Action = "member.remove"

// Platform-wide actions, decided by Global.
const (
	AuditView      Action = "audit.view"       // read the audit log
	OutboxView     Action = "outbox.view"      // read the caught e-mail outbox
	UserManage     Action = "user.manage"      // manage any user account
	TokenManageOwn Action = "token.manage_own" // create and revoke one's own API tokens
	JobsView       Action = "jobs.view"        // read background jobs and the dead-letter list, retry them
	ManageOpen     Action = "manage.open"      // open the management pages (/manage), whose lists show one's own projects
	PageEdit       Action = "page.edit"        // edit the site's own pages (terms, privacy policy, FAQ, …)
	FavoriteOwn    Action = "favorite.own"     // mark and unmark one's own favourites (気になる), list them
)

// Actions lists every action, so tests can check each one is decided and
// covered.
var Actions = []Action{
	ProjectView, ProjectCreate, ProjectEdit, ProjectSubmit, ProjectSendBack,
	ProjectPublish, ProjectClose, ProjectReopen, ProjectCancel, ProjectStart,
	ProjectComplete, ProjectAssignSupporters, ProjectHistory,
	CompanyCreate, CompanyEdit, CompanyInviteStaff,
	OrgManage, OrgInviteCoordinator, OrgInviteSupporter, OrgCoordinate,
	MemberRemove,
	AuditView, OutboxView, UserManage, TokenManageOwn, JobsView, ManageOpen, PageEdit, FavoriteOwn,
	EntryCreate, EntryView, EntryWithdraw, EntryAccept, EntryMove,
	EntryBoard, EntryNotes, EntryMessage, InterviewPlan, InterviewPick, InterviewNotes,
	// The team actions (team.go).
	TeamView, TeamMessage, CharterEdit, CharterConfirm, CharterExpect, AgreementIssue,
	AgreementAcceptParticipant, AgreementAcceptCompany, MilestoneEdit, CheckInWrite,
	CheckInComment, InterventionRecord, TeamWarnings, TeamDashboard,
	TeamMeetingSchedule, TeamMeetingPick, TeamStart, TeamComplete, ReflectionWrite, ReflectionRead,
}
