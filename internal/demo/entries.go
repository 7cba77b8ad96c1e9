package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// The demo's entries, so that the site shows the workflow from the start:
// the demo participant's own entries in several stages and favourites, and
// a populated board for the watercress project. Everything goes through
// service.Entries, so the rules hold (open projects, one active entry,
// who may move what), and the demo's people get the notices they would.

// demoMove is one step of a demo entry, days before now: a move by the
// coordinator (with a reason and a message to the participant) or the
// participant's withdrawal.
type demoMove struct {
	daysAgo  int
	to       furusato.Stage
	reason   string
	message  string
	withdraw bool
}

// demoEntry is one demo entry and what happened to it.
type demoEntry struct {
	project      string
	daysAgo      int
	motivation   string
	contribution string
	hours        int
	questions    string
	moves        []demoMove
}

// demoPerson is a fictional participant with entries; the demo participant
// is one of them (email participant@…).
type demoPerson struct {
	email, name string
	entries     []demoEntry
	favorites   []string
}

var demoPeople = []demoPerson{
	{email: "participant@demo.furusato.example", entries: []demoEntry{
		{project: "hida-fanclub-relationship", daysAgo: 10, hours: 3,
			motivation:   "飛騨には学生時代に何度も旅行で訪れ、町並みと人の温かさが忘れられません。関係人口づくりの仕組みに関わりたいと考え、応募いたしました。",
			contribution: "会員制サービスの企画と運営を5年担当してきました。ファンとの接点づくりや、継続率の分析でお役に立てると考えています。",
			moves: []demoMove{
				{daysAgo: 8, to: furusato.StageScreening},
				{daysAgo: 5, to: furusato.StageInterview, reason: "会員制サービスの経験が今回の取り組みに合っているため",
					message: "エントリーいただきありがとうございます。ぜひ一度オンラインでお話しできればと思います。面談の候補日をお送りしますので、ご都合のよい日時をお選びください。"},
			}},
		{project: "mino-washi-experience-inbound", daysAgo: 2, hours: 2,
			motivation:   "海外からのお客さまに日本の手仕事を伝える仕事に関心があります。美濃和紙の体験づくりに、旅行業での経験を活かしたいと考えています。",
			contribution: "訪日旅行の企画を担当しており、英語での案内文づくりと海外の旅行会社とのやりとりができます。",
			questions:    "現地での体験の下見には、月に何回ほど伺うことを想定されていますか。"},
		{project: "hida-furniture-craftsman-recruiting", daysAgo: 25, hours: 2,
			motivation:   "木の家具が好きで、つくり手の採用を手伝うことで工房の未来に関わりたいと思いました。",
			contribution: "人事として採用広報を担当してきました。求人票や紹介記事の作成ができます。",
			moves: []demoMove{
				{daysAgo: 18, to: furusato.StageDeclined, reason: "今回は現地に通える方を優先したため",
					message: "このたびはエントリーいただき、誠にありがとうございました。慎重に検討しましたが、今回は現地に定期的に通える方にお願いすることになりました。またの機会がございましたら、ぜひよろしくお願いいたします。"},
			}},
	}, favorites: []string{"mino-washi-lighting-design", "gifu-watercress-evangelist"}},
	{email: "kawaguchi.minami@demo.furusato.example", name: "川口 みなみ", entries: []demoEntry{
		{project: "gifu-watercress-evangelist", daysAgo: 1, hours: 3,
			motivation:   "料理教室を主宰しており、クレソンを主役にしたレシピを考えるのが楽しみです。",
			contribution: "レシピの開発と写真撮影、SNSでの発信ができます。"},
	}},
	{email: "ishida.wataru@demo.furusato.example", name: "石田 航", entries: []demoEntry{
		{project: "gifu-watercress-evangelist", daysAgo: 6, hours: 2,
			motivation:   "食品メーカーで広報を担当しています。農家さんの商品を広める仕事に挑戦したいと考えました。",
			contribution: "プレスリリースの作成とメディアへの紹介ができます。",
			moves:        []demoMove{{daysAgo: 4, to: furusato.StageScreening}}},
	}},
	{email: "nishimura.sayaka@demo.furusato.example", name: "西村 さやか", entries: []demoEntry{
		{project: "gifu-watercress-evangelist", daysAgo: 12, hours: 4,
			motivation:   "岐阜の出身で、地元の農業を応援したいと考えています。新しいパッケージの魅力を伝える役割を担いたいです。",
			contribution: "飲食店向けの営業経験があり、取り扱い店舗を増やすお手伝いができます。",
			moves: []demoMove{
				{daysAgo: 9, to: furusato.StageInterview},
				{daysAgo: 3, to: furusato.StageOffered, reason: "面談で伺った営業の経験が目標に合っているため",
					message: "先日は面談のお時間をいただき、ありがとうございました。ぜひ一緒に取り組んでいただきたく、オファーをお送りします。内容をご確認のうえ、参画をご検討ください。"},
			}},
	}},
	{email: "ono.kenta@demo.furusato.example", name: "大野 健太", entries: []demoEntry{
		{project: "gifu-watercress-evangelist", daysAgo: 14, hours: 1,
			motivation:   "副業で地域の仕事に関わってみたいと思い、応募しました。",
			contribution: "Excelでの集計と資料づくりができます。",
			moves: []demoMove{{daysAgo: 10, to: furusato.StageDeclined, reason: "必要な時間を確保することが難しいため",
				message: "エントリーいただきありがとうございました。今回は1週間に必要な時間を考え、見送らせていただくことになりました。ご関心をお寄せいただき、心より感謝申し上げます。"}}},
	}},
	{email: "mori.yui@demo.furusato.example", name: "森 結衣", entries: []demoEntry{
		{project: "gifu-watercress-evangelist", daysAgo: 7, hours: 2,
			motivation:   "野菜ソムリエの資格を活かして、クレソンのおいしさを伝えたいと考えました。",
			contribution: "食べ方の提案と、店頭でのポップ作成ができます。",
			moves:        []demoMove{{daysAgo: 5, withdraw: true, reason: "本業の繁忙期と重なったため"}}},
	}},
}

// demoHost is the account that moves the demo entries.
const demoHost = "coordinator.gifu@demo.furusato.example"

// LoadEntries adds the demo's entries and favourites (LoadAccounts first):
// the demo participant's entries in several stages on the Gifu
// coordinator's projects and two favourites, and a few more fictional
// participants (who sign in with Password) on the watercress project, so
// that its board has an entry in each stage. A person who already exists
// is left alone, so running it twice adds nothing; an entry whose project
// takes no entries any more (an older demo database) is left out. baseURL
// builds the links of the e-mails the notices queue.
func LoadEntries(ctx context.Context, db *store.DB, now time.Time, argon service.ArgonParams, baseURL string) (int, error) {
	at := now
	clock := func() time.Time { return at }
	svc, err := service.New(db, service.Config{BaseURL: baseURL, Now: clock, Argon: argon})
	if err != nil {
		return 0, err
	}
	entries, accounts := svc.Entries, svc.Users
	host, err := demoActor(ctx, db, demoHost)
	if err != nil {
		return 0, fmt.Errorf("demo: entries need the demo accounts (LoadAccounts first): %w", err)
	}
	added := 0
	for _, p := range demoPeople {
		var who *furusato.Actor
		if p.name == "" { // a demo account: load its entries once
			if who, err = demoActor(ctx, db, p.email); err != nil {
				return added, fmt.Errorf("demo: entries need the demo accounts (LoadAccounts first): %w", err)
			}
			if mine, err := entries.Mine(ctx, who); err != nil || len(mine) > 0 {
				continue
			}
		} else {
			if _, err := db.FindUserByEmail(ctx, p.email); err == nil {
				continue
			} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
				return added, err
			}
			at = now.Add(-30 * 24 * time.Hour)
			u, err := accounts.CreateUser(ctx, p.email, p.name, Password, false)
			if err != nil {
				return added, fmt.Errorf("demo: participant %s: %w", p.email, err)
			}
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, u.ID, at) }); err != nil {
				return added, err
			}
			if who, err = db.ActorFor(ctx, u.ID); err != nil {
				return added, err
			}
		}
		for _, de := range p.entries {
			pr, err := db.FindProject(ctx, de.project, nil)
			if skippable(err) {
				continue
			} else if err != nil {
				return added, fmt.Errorf("demo: entry on %s: %w", de.project, err)
			}
			at = now.Add(-time.Duration(de.daysAgo) * 24 * time.Hour)
			e, err := entries.Submit(ctx, who, pr.ID, furusato.Entry{Motivation: de.motivation, Contribution: de.contribution,
				HoursPerWeek: de.hours, Questions: de.questions})
			if skippable(err) {
				continue
			} else if err != nil {
				return added, fmt.Errorf("demo: entry of %s on %s: %w", p.email, de.project, err)
			}
			added++
			for _, m := range de.moves {
				at = now.Add(-time.Duration(m.daysAgo) * 24 * time.Hour)
				if m.withdraw {
					err = entries.Withdraw(ctx, who, e.ID, m.reason)
				} else {
					err = entries.Move(ctx, host, e.ID, m.to, m.reason, m.message)
				}
				if skippable(err) {
					break
				} else if err != nil {
					return added, fmt.Errorf("demo: entry of %s on %s to %s: %w", p.email, de.project, m.to, err)
				}
			}
		}
		at = now
		for _, slug := range p.favorites {
			pr, err := db.FindProject(ctx, slug, nil)
			if err == nil {
				err = entries.SetFavorite(ctx, who, pr.ID, true)
			}
			if err != nil && !skippable(err) {
				return added, fmt.Errorf("demo: favourite %s: %w", slug, err)
			}
		}
	}
	return added, AgreeTerms(ctx, db, now)
}

// skippable reports whether err only means that the demo's story no
// longer fits the catalogue (an older demo database whose project has
// closed, filled or gone): that step is left out rather than stopping the
// start of the site.
func skippable(err error) bool {
	switch furusato.ErrorCode(err) {
	case furusato.ECONFLICT, furusato.ENOTFOUND:
		return true
	}
	return false
}

func demoActor(ctx context.Context, db *store.DB, email string) (*furusato.Actor, error) {
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	return db.ActorFor(ctx, u.ID)
}
