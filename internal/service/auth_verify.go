package service

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// Confirming an address is never a dead end: the mail can be sent again
// (throttled), a link opened twice says the address is already confirmed,
// the link carries the page the person came from, and the notices that
// arrived before the confirmation are mailed once it is done.
//
// Until the address is confirmed a person may enter projects; their
// notices are kept in the notification centre, and confirming the address
// mails the unread ones (HeldNoticesMailed at most), so nothing that was
// promised "by e-mail" is lost.

// Limits of sending the confirmation mail again.
const (
	ResendWindow     = time.Hour
	ResendEmailLimit = 3  // confirmation mails per account and window; more are silently dropped
	ResendIPLimit    = 20 // requests per network (IPSubject) and window
	// HeldNoticesMailed bounds the notices mailed when an address is
	// confirmed: the newest, the rest wait in the notification centre.
	HeldNoticesMailed = 20
)

// issueVerify stores a new confirmation token for u and queues its mail to
// to, the link carrying next (a local path, or "").
func (a *Auth) issueVerify(ctx context.Context, tx *store.Tx, u *furusato.User, to, lang, next string, now time.Time) error {
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	t := &store.Token{Hash: hash, Purpose: store.TokenVerifyEmail, UserID: u.ID, ExpiresAt: now.Add(VerifyEmailTTL)}
	if err := tx.CreateToken(ctx, t, now); err != nil {
		return err
	}
	link := a.baseURL + "/account/verify/" + token
	if next != "" {
		link += "?next=" + url.QueryEscape(next)
	}
	return a.queue(ctx, tx, mail.KindVerifyEmail, lang, to, mail.Data{Name: u.DisplayName, URL: link, Expires: t.ExpiresAt}, now)
}

// confirmAddress marks user id's address confirmed and mails the notices
// they got before (heldNotices), on tx.
func (a *Auth) confirmAddress(ctx context.Context, tx *store.Tx, id int64, now time.Time) error {
	u, err := tx.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := tx.MarkEmailVerified(ctx, id, now); err != nil {
		return err
	}
	if u.Verified() {
		return nil // confirmed before: nothing was held
	}
	return a.mailHeldNotices(ctx, tx, u, now)
}

// mailHeldNotices queues the e-mail of each unread notice of u that their
// preferences want by e-mail, oldest first, at most HeldNoticesMailed.
func (a *Auth) mailHeldNotices(ctx context.Context, tx *store.Tx, u *furusato.User, now time.Time) error {
	ns, _, err := tx.FindNotifications(ctx, u.ID, HeldNoticesMailed, 0)
	if err != nil {
		return err
	}
	for i := len(ns) - 1; i >= 0; i-- {
		n := ns[i]
		if !n.ReadAt.IsZero() {
			continue
		}
		if on, err := tx.NoticeEmail(ctx, u.ID, n.Kind); err != nil {
			return err
		} else if !on {
			continue
		}
		unsubscribe, err := unsubscribeLink(ctx, tx, a.baseURL, u.ID, n.Kind)
		if err != nil {
			return err
		}
		m, err := mail.ComposeNotice(u.MailLang(), u.Email, mail.NoticeData{
			Event: string(n.Kind), Name: u.DisplayName, URL: a.baseURL + n.Link,
			Settings: a.baseURL + PrefsPath, Params: n.Params, Unsubscribe: unsubscribe, Contact: a.contact,
		})
		if err != nil {
			return err
		}
		if err := QueueMail(ctx, tx, m, now); err != nil {
			return err
		}
	}
	return nil
}

// AlreadyVerified reports whether token is the link of a confirmation
// that was done: a sign-up link whose account's address is confirmed, or
// an address change whose account now has the new address. It lets a link
// opened a second time (a double click, a second device, a mail scanner
// that fetched it first) say so instead of "this link does not work".
func (a *Auth) AlreadyVerified(ctx context.Context, token string) (bool, error) {
	hash := hashToken(token)
	for _, purpose := range []store.TokenPurpose{store.TokenVerifyEmail, store.TokenEmailChange} {
		t, err := a.db.FindToken(ctx, hash, purpose)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			continue
		} else if err != nil {
			return false, err
		}
		if t.UsedAt.IsZero() {
			return false, nil
		}
		u, err := a.db.FindUserByID(ctx, t.UserID)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return false, nil
		} else if err != nil {
			return false, err
		}
		if !u.DeletedAt.IsZero() || !u.Verified() {
			return false, nil
		}
		return purpose == store.TokenVerifyEmail || u.Email == t.NewEmail, nil
	}
	return false, nil
}

// ResendVerification sends the signed-in actor a new confirmation mail
// (older links keep working until they expire), whose link carries next.
// It returns EUNAUTHORIZED for a visitor, ECONFLICT when the address is
// already confirmed, and ERATELIMIT after ResendEmailLimit mails within
// ResendWindow.
func (a *Auth) ResendVerification(ctx context.Context, actor *furusato.Actor, lang, next string) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	now := a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, actor.User.ID)
		if err != nil {
			return err
		}
		if u.Verified() {
			return furusato.Errorf(furusato.ECONFLICT, "The address is already confirmed.")
		}
		if n, err := tx.HitThrottle(ctx, resendKey(u.ID), ResendWindow, now); err != nil {
			return err
		} else if n > ResendEmailLimit {
			return errRateLimit()
		}
		return a.issueVerify(ctx, tx, u, u.Email, langFor(u, lang), next, now)
	})
}

// ResendVerificationTo sends a new confirmation mail to email when it is
// the address of an account not yet confirmed, and answers the same
// whether it is or not (nothing is sent otherwise; over ResendEmailLimit
// mails per account within ResendWindow, nothing more is sent). EINVALID
// for a malformed address; ERATELIMIT after ResendIPLimit requests from
// the network of ip within ResendWindow.
func (a *Auth) ResendVerificationTo(ctx context.Context, email, lang, next, ip string) error {
	email, err := NormalizeEmail(email)
	if err != nil {
		return invalid(map[string]string{"email": furusato.ErrorFields(err)["email"]})
	}
	now := a.now()
	if over, err := a.hit(ctx, ResendWindow, now, map[string]int{"resend:ip:" + IPSubject(ip): ResendIPLimit}); err != nil {
		return err
	} else if over {
		return errRateLimit()
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByEmail(ctx, email)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if u.Verified() || !u.DeletedAt.IsZero() {
			return nil
		}
		if n, err := tx.HitThrottle(ctx, resendKey(u.ID), ResendWindow, now); err != nil || n > ResendEmailLimit {
			return err
		}
		return a.issueVerify(ctx, tx, u, u.Email, langFor(u, lang), next, now)
	})
}

func resendKey(userID int64) string { return "resend:user:" + strconv.FormatInt(userID, 10) }
