package service

import (
	"context"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// guard is what Auth and PersonalData share to check a person: rate
// limits counted in the database, so that every node shares them (hit),
// and the signed-in person's current password, asked again before a
// password or e-mail change and before deleting the account
// (checkCurrentPassword).
type guard struct {
	db  *store.DB
	now func() time.Time
}

// checkCurrentPassword checks the signed-in actor's password, counting a
// failure against a limit of the account's own (SignInAccountLimit per
// SignInWindow), apart from sign-in's: someone guessing the password at
// the sign-in form cannot lock the signed-in owner out of changing it,
// and someone holding a stolen session cannot guess it. It returns
// EUNAUTHORIZED for a visitor, ERATELIMIT over the limit and EINVALID with
// Fields{field: "error.current_password"} for a wrong password.
func (g guard) checkCurrentPassword(ctx context.Context, actor *furusato.Actor, password, field, ip string) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	if password == "" {
		return invalid(map[string]string{field: "error.current_password_required"})
	}
	accountKey := "reauth:user:" + strconv.FormatInt(actor.User.ID, 10)
	now := g.now()
	if over, err := g.hit(ctx, SignInWindow, now, map[string]int{accountKey: SignInAccountLimit}); err != nil {
		return err
	} else if over {
		return errRateLimit()
	}
	stored, err := g.db.PasswordHash(ctx, actor.User.ID)
	if err != nil {
		return err
	}
	ok, err := CheckPassword(stored, password)
	if err != nil {
		return err
	}
	if !ok {
		return invalid(map[string]string{field: "error.current_password"})
	}
	return g.db.Tx(ctx, func(tx *store.Tx) error { return tx.ForgiveThrottle(ctx, accountKey) })
}

// hit counts one event for each key in its own transaction and reports
// whether any count is now over its limit.
func (g guard) hit(ctx context.Context, window time.Duration, now time.Time, limits map[string]int) (over bool, err error) {
	err = g.db.Tx(ctx, func(tx *store.Tx) error {
		for key, limit := range limits {
			n, err := tx.HitThrottle(ctx, key, window, now)
			if err != nil {
				return err
			}
			if n > limit {
				over = true
			}
		}
		return nil
	})
	return over, err
}
