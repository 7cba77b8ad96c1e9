package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// jsonDetail marshals an audit detail; a map of strings always marshals.
func jsonDetail(v map[string]string) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// RequestPasswordReset queues a KindResetPassword mail with a link
// (ResetPasswordTTL) to the account of email, and always answers the same
// whether there is one or not. Older reset links of the account stop
// working. Beyond ResetEmailLimit requests per address within ResetWindow
// it silently sends nothing. EINVALID (Fields{"email": "error.email"}) only
// for a malformed address; ERATELIMIT after ResetIPLimit requests from the
// network of ip (IPSubject) within ResetWindow, before anything about the
// address is written.
func (a *Auth) RequestPasswordReset(ctx context.Context, email, lang, ip string) error {
	email, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	now := a.now()
	if over, err := a.hit(ctx, ResetWindow, now, map[string]int{"reset:ip:" + IPSubject(ip): ResetIPLimit}); err != nil {
		return err
	} else if over {
		return errRateLimit()
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		n, err := tx.HitThrottle(ctx, "reset:account:"+email, ResetWindow, now)
		if err != nil || n > ResetEmailLimit {
			return err
		}
		u, err := tx.FindUserByEmail(ctx, email)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND || (err == nil && !u.DeletedAt.IsZero()) {
			return nil
		} else if err != nil {
			return err
		}
		if err := tx.RevokeTokens(ctx, u.ID, store.TokenResetPassword, now); err != nil {
			return err
		}
		return a.issue(ctx, tx, u, store.TokenResetPassword, mail.KindResetPassword, u.Email, "", langFor(u, lang), ResetPasswordTTL, now)
	})
}

// CheckResetToken returns nil when token is a live password-reset token
// (unused, not expired), ENOTFOUND otherwise; it does not use it up.
func (a *Auth) CheckResetToken(ctx context.Context, token string) error {
	_, err := a.db.FindLiveToken(ctx, hashToken(token), store.TokenResetPassword, a.now())
	if err != nil && furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return furusato.Errorf(furusato.ENOTFOUND, "This link does not work any more.")
	}
	return err
}

// ResetPassword sets the password of the account the reset token belongs
// to, uses the token up (and every other reset link of the account), marks
// the address confirmed (the link reached its mailbox), bumps the session
// epoch, which signs the account out everywhere, and revokes every API
// token and pending e-mail-change link (endCredentials), in one
// transaction; audited. When the account was never confirmed, this reset
// is the first proof of who owns the address: whoever registered it first
// may have been someone else (security review H1), so what the account set
// up goes too (store.ForgetAccountSetup: profile, memberships, tokens,
// favourites, notification choices; and its pending sign-up link), audited
// as "user.setup_forgotten". It returns ENOTFOUND for a token that is
// unknown, used or expired, and EINVALID with Fields{"password": …} (see
// CheckPasswordRule).
func (a *Auth) ResetPassword(ctx context.Context, token, password, ip string) error {
	hash, now := hashToken(token), a.now()
	t, err := a.db.FindLiveToken(ctx, hash, store.TokenResetPassword, now)
	if err != nil {
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return furusato.Errorf(furusato.ENOTFOUND, "This link does not work any more.")
		}
		return err
	}
	u, err := a.db.FindUserByID(ctx, t.UserID)
	if err != nil {
		return err
	}
	if err := CheckPasswordRule(password, u.Email); err != nil {
		return err
	}
	pwHash, err := HashPassword(password, a.argon)
	if err != nil {
		return err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UseToken(ctx, hash, store.TokenResetPassword, now); err != nil {
			return err
		}
		// Read again in the transaction: whether the address was ever
		// confirmed decides what goes.
		u, err := tx.FindUserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		if !u.Verified() {
			if err := tx.ForgetAccountSetup(ctx, u.ID); err != nil {
				return err
			}
			if err := tx.RevokeTokens(ctx, u.ID, store.TokenVerifyEmail, now); err != nil {
				return err
			}
			if err := tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: furusato.AuditUserSetupForgotten, ObjectType: "user", ObjectID: u.ID, IP: ip}); err != nil {
				return err
			}
		}
		if err := tx.RevokeTokens(ctx, u.ID, store.TokenResetPassword, now); err != nil {
			return err
		}
		if err := tx.SetPasswordHash(ctx, u.ID, pwHash, now); err != nil {
			return err
		}
		if err := tx.MarkEmailVerified(ctx, u.ID, now); err != nil {
			return err
		}
		if _, err := tx.BumpSessionEpoch(ctx, u.ID, now); err != nil {
			return err
		}
		revoked, err := endCredentials(ctx, tx, u.ID, now)
		if err != nil {
			return err
		}
		if err := tx.ResetThrottle(ctx, "signin:account:"+u.Email); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: furusato.AuditUserPasswordReset, ObjectType: "user", ObjectID: u.ID, IP: ip,
			Detail: revokedDetail(revoked)})
	})
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return furusato.Errorf(furusato.ENOTFOUND, "This link does not work any more.")
	}
	return err
}

// ChangePassword replaces the actor's password after checking the current
// one, bumps the session epoch, which signs out every other session (the
// caller keeps its own session by storing the returned epoch), and revokes
// every API token and pending e-mail-change link (endCredentials), in one
// transaction. Audited.
// EINVALID with Fields{"current_password": …} or {"password": …},
// ERATELIMIT, EUNAUTHORIZED for a visitor.
func (a *Auth) ChangePassword(ctx context.Context, actor *furusato.Actor, current, password, ip string) (epoch int64, err error) {
	if !actor.SignedIn() {
		return 0, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	if err := CheckPasswordRule(password, actor.User.Email); err != nil {
		if current == "" {
			return 0, invalid(map[string]string{"current_password": "error.current_password_required", "password": furusato.ErrorFields(err)["password"]})
		}
		return 0, err
	}
	if err := a.checkCurrentPassword(ctx, actor, current, "current_password", ip); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password, a.argon)
	if err != nil {
		return 0, err
	}
	now := a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPasswordHash(ctx, actor.User.ID, hash, now); err != nil {
			return err
		}
		if epoch, err = tx.BumpSessionEpoch(ctx, actor.User.ID, now); err != nil {
			return err
		}
		revoked, err := endCredentials(ctx, tx, actor.User.ID, now)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditUserPasswordChange, ObjectType: "user", ObjectID: actor.User.ID, IP: ip,
			Detail: revokedDetail(revoked)})
	})
	return epoch, err
}

// RequestEmailChange queues a KindEmailChange mail to newEmail whose link
// (EmailChangeTTL) moves the actor's account there, and a
// KindEmailChangeRequested notice to the current address (whose link
// resets the password, which cancels the change); until the link is
// followed the old address stays. It checks the actor's password first.
// At most EmailChangesPerDay requests per account in 24 hours, counted in
// the writing transaction and never forgiven: the next is ERATELIMIT with
// Fields{"email": "account.error.email_changes_too_many"} and sends
// nothing. EINVALID with Fields{"email": "error.email" | "error.email_same"}
// or {"password": "error.current_password"…}, ECONFLICT with
// Fields{"email": "error.taken"} when another account has the address (the
// actor proved who they are, and the limit on password checks applies),
// ERATELIMIT, EUNAUTHORIZED for a visitor. Audited as requested; the change
// itself is audited when confirmed (VerifyEmail).
func (a *Auth) RequestEmailChange(ctx context.Context, actor *furusato.Actor, newEmail, password, lang, ip string) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	fields := map[string]string{}
	email, err := NormalizeEmail(newEmail)
	if err != nil {
		fields["email"] = "error.email"
	} else if email == actor.User.Email {
		fields["email"] = "error.email_same"
	}
	if password == "" {
		fields["password"] = "error.current_password_required"
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	if err := a.checkCurrentPassword(ctx, actor, password, "password", ip); err != nil {
		return err
	}
	now, lang := a.now(), langFor(actor.User, lang)
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.FindUserByEmail(ctx, email); err == nil {
			return &furusato.Error{Code: furusato.ECONFLICT, Message: "This e-mail address is already registered.", Fields: map[string]string{"email": "error.taken"}}
		} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			return err
		}
		// Counted in the transaction: a request refused for another
		// reason counts nothing, and one that sends mail always counts.
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("email_change:account:%d", actor.User.ID), 24*time.Hour, now); err != nil {
			return err
		} else if n > EmailChangesPerDay {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many e-mail address changes today; please try again tomorrow.",
				Fields: map[string]string{"email": "account.error.email_changes_too_many"}}
		}
		if err := tx.RevokeTokens(ctx, actor.User.ID, store.TokenEmailChange, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditUserEmailChangeAsk, ObjectType: "user", ObjectID: actor.User.ID, IP: ip,
			Detail: jsonDetail(map[string]string{"to": email})}); err != nil {
			return err
		}
		if err := a.queue(ctx, tx, mail.KindEmailChangeRequested, lang, actor.User.Email, mail.Data{Name: actor.User.DisplayName,
			URL: a.baseURL + "/account/password/forgot", Expires: now.Add(EmailChangeTTL), NewEmail: email}, now); err != nil {
			return err
		}
		return a.issue(ctx, tx, actor.User, store.TokenEmailChange, mail.KindEmailChange, email, email, lang, EmailChangeTTL, now)
	})
}
