package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// SetLanguage records the language the actor reads mail in ("ja" or
// "en"): every notice, digest and account mail to them is written in it
// from then on. EINVALID with Fields{"lang": "mailx.error.lang"} for any
// other value, EUNAUTHORIZED for a visitor.
func (a *Auth) SetLanguage(ctx context.Context, actor *furusato.Actor, lang string) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	if lang != "ja" && lang != "en" {
		return &furusato.Error{Code: furusato.EINVALID, Message: "Choose Japanese or English.", Fields: map[string]string{"lang": "mailx.error.lang"}}
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.SetUserLang(ctx, actor.User.ID, lang, a.now()) })
	if err == nil {
		actor.User.Lang = lang
	}
	return err
}
