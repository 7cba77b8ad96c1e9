package furusato

import (
	"encoding/json"
	"slices"
	"time"
)

// AuditAction names what an audit-log line records: dotted and stable,
// since old lines keep their action. Every action the platform writes is a
// constant here and in AuditActions; the store refuses any other, and the
// admin's audit log offers exactly this list as its filter.
type AuditAction string

// The audit actions, by noun.
const (
	AuditUserCreate         AuditAction = "user.create" // an account made on the command line
	AuditUserSignup         AuditAction = "user.signup" // an account made on the sign-up page
	AuditUserSignin         AuditAction = "user.signin" // a successful sign-in
	AuditUserSigninFailed   AuditAction = "user.signin_failed"
	AuditUserSignoutAll     AuditAction = "user.signout_everywhere" // every session and API token ended
	AuditUserPasswordChange AuditAction = "user.password_change"
	AuditUserPasswordReset  AuditAction = "user.password_reset"
	AuditUserSetupForgotten AuditAction = "user.setup_forgotten" // a reset link asked for an account never set up
	AuditUserEmailChangeAsk AuditAction = "user.email_change_request"
	AuditUserEmailChange    AuditAction = "user.email_change" // the new address confirmed
	AuditUserDelete         AuditAction = "user.delete"
	AuditUserAdminGrant     AuditAction = "user.admin_grant"
	AuditUserAdminRevoke    AuditAction = "user.admin_revoke"
	AuditProfileUpdate      AuditAction = "profile.update"
	AuditDataExport         AuditAction = "data.export"
	AuditAPITokenCreate     AuditAction = "api_token.create"
	AuditAPITokenRevoke     AuditAction = "api_token.revoke"
	AuditOrganizationCreate AuditAction = "organization.create"
	AuditOrganizationUpdate AuditAction = "organization.update"
	AuditCompanyCreate      AuditAction = "company.create"
	AuditCompanyUpdate      AuditAction = "company.update"
	AuditInvitationCreate   AuditAction = "invitation.create"
	AuditInvitationAccept   AuditAction = "invitation.accept"
	AuditInvitationRevoke   AuditAction = "invitation.revoke"
	AuditMembershipRemove   AuditAction = "membership.remove"
	AuditProjectEdit        AuditAction = "project.edit" // an admin changed a project's content
	AuditProjectPublish     AuditAction = "project.publish"
	AuditProjectReopen      AuditAction = "project.reopen"
	AuditJobRetry           AuditAction = "job.retry"
	AuditPageSave           AuditAction = "page.save" // a new version of a site page (terms, privacy policy, …)
)

// AuditActions lists every audit action, in the order the audit log's
// filter offers them.
var AuditActions = []AuditAction{
	AuditUserCreate, AuditUserSignup, AuditUserSignin, AuditUserSigninFailed, AuditUserSignoutAll,
	AuditUserPasswordChange, AuditUserPasswordReset, AuditUserSetupForgotten, AuditUserEmailChangeAsk,
	AuditUserEmailChange, AuditUserDelete, AuditUserAdminGrant, AuditUserAdminRevoke,
	AuditProfileUpdate, AuditDataExport, AuditAPITokenCreate, AuditAPITokenRevoke,
	AuditOrganizationCreate, AuditOrganizationUpdate, AuditCompanyCreate, AuditCompanyUpdate,
	AuditInvitationCreate, AuditInvitationAccept, AuditInvitationRevoke, AuditMembershipRemove,
	AuditProjectEdit, AuditProjectPublish, AuditProjectReopen, AuditJobRetry, AuditPageSave,
}

// Valid reports whether a is one of AuditActions.
func (a AuditAction) Valid() bool { return slices.Contains(AuditActions, a) }

// AuditEntry is one line of the audit log: who did what to which object.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64       // the signed-in user; 0 for the command line or the system
	Action     AuditAction // one of AuditActions
	ObjectType string      // "user", "organization", …; "" when the action has no object
	ObjectID   int64       // 0 when the action has no object
	IP         string      // the client address, "" outside HTTP
	Detail     json.RawMessage
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	Action AuditAction // "" for every action
	Limit  int         // the store's default page size when ≤ 0
	Offset int
}
