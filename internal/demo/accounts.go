package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// Password is the one password of every demo account. It is printed at
// start and in the README: demo accounts exist to let a newcomer try each
// role, never on a real site.
const Password = "furusato-demo-2026"

// Account is one demo account and the role it shows.
type Account struct {
	Email, Name, Role string
}

// accountSpec says how to find the organisation or company of an account.
type accountSpec struct {
	Account
	admin      bool
	role       furusato.Role
	prefecture int    // coordinator: the coordinating organisation of this prefecture
	orgSlug    string // supporter: the partner group
	project    string // company staff: the company of this project
}

var accountSpecs = []accountSpec{
	{Account: Account{"admin@demo.furusato.example", "事務局 デモ管理者", "admin"}, admin: true},
	{Account: Account{"coordinator.gifu@demo.furusato.example", "岐阜 コーディネーター", "coordinator"}, role: furusato.RoleCoordinator, prefecture: 21},
	{Account: Account{"coordinator.hokkaido@demo.furusato.example", "北海道 コーディネーター", "coordinator (another region)"}, role: furusato.RoleCoordinator, prefecture: 1},
	{Account: Account{"staff.watercress@demo.furusato.example", "クレソン農園 スタッフ", "company_staff"}, role: furusato.RoleCompanyStaff, project: "gifu-watercress-evangelist"},
	{Account: Account{"supporter@demo.furusato.example", "みちしるべ 伴走者", "supporter"}, role: furusato.RoleSupporter, orgSlug: partnerSlug},
	{Account: Account{"participant@demo.furusato.example", "参加者 デモ", "participant"}},
}

// Accounts lists the demo accounts, for the README and the start banner.
func Accounts() []Account {
	out := make([]Account, len(accountSpecs))
	for i, s := range accountSpecs {
		out[i] = s.Account
	}
	return out
}

// LoadAccounts creates the demo accounts (one per role, verified, with
// Password, agreed to the current terms: AgreeTerms) that do not exist
// yet, and returns how many it added. The demo
// catalogue must be loaded (Load) first.
func LoadAccounts(ctx context.Context, db *store.DB, now time.Time, argon service.ArgonParams) (int, error) {
	accounts := service.NewUsers(db, func() time.Time { return now }, argon)
	added := 0
	for _, s := range accountSpecs {
		if _, err := db.FindUserByEmail(ctx, s.Email); err == nil {
			continue
		} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			return added, err
		}
		m, err := s.membership(ctx, db)
		if err != nil {
			return added, err
		}
		u, err := accounts.CreateUser(ctx, s.Email, s.Name, Password, s.admin)
		if err != nil {
			return added, fmt.Errorf("demo: account %s: %w", s.Email, err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkEmailVerified(ctx, u.ID, now); err != nil {
				return err
			}
			if m == nil {
				return nil
			}
			m.UserID = u.ID
			return tx.AddMembership(ctx, m, now)
		})
		if err != nil {
			return added, fmt.Errorf("demo: account %s: %w", s.Email, err)
		}
		added++
	}
	return added, AgreeTerms(ctx, db, now)
}

func (s accountSpec) membership(ctx context.Context, db *store.DB) (*furusato.Membership, error) {
	switch s.role {
	case furusato.RoleCoordinator:
		o, err := db.CoordinatorFor(ctx, s.prefecture)
		if err != nil {
			return nil, err
		}
		return &furusato.Membership{Role: s.role, OrganizationID: o.ID}, nil
	case furusato.RoleSupporter:
		o, err := db.FindOrganizationBySlug(ctx, s.orgSlug)
		if err != nil {
			return nil, err
		}
		return &furusato.Membership{Role: s.role, OrganizationID: o.ID}, nil
	case furusato.RoleCompanyStaff:
		p, err := db.FindProject(ctx, s.project, furusato.ProjectStatuses)
		if err != nil {
			return nil, err
		}
		return &furusato.Membership{Role: s.role, CompanyID: p.CompanyID}, nil
	}
	return nil, nil
}

// AccountsExist reports whether any demo account is in db: the site then
// shows the demo banner, since their password is public.
func AccountsExist(ctx context.Context, db *store.DB) (bool, error) {
	for _, s := range accountSpecs {
		if _, err := db.FindUserByEmail(ctx, s.Email); err == nil {
			return true, nil
		} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			return false, err
		}
	}
	return false, nil
}

// Demo addresses: the demo's named accounts and the generated load-test
// participants (gen_entries.go).
const (
	demoDomain = "@demo.furusato.example"
	genDomain  = "@gen.furusato.example"
)

// AgreeTerms records, for every demo account that agreed to no version
// of the terms, consent to the current one: the demo is for trying the
// site, not for being greeted by the terms banner on every page. After an
// admin changes the terms, the demo accounts are asked again like anyone.
func AgreeTerms(ctx context.Context, db *store.DB, now time.Time) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		cur, err := tx.CurrentPage(ctx, furusato.PageTerms)
		if err != nil {
			return err
		}
		for _, d := range []string{demoDomain, genDomain} {
			if _, err := tx.RecordConsentOfUnagreed(ctx, d, furusato.PageTerms, cur.Version, now); err != nil {
				return fmt.Errorf("demo: agree to the terms: %w", err)
			}
		}
		return nil
	})
}
