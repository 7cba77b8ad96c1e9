package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Generate adds n generated projects (with one generated company per five
// projects) for load tests and benchmarks. Content varies in prefecture,
// themes, length and dates, and is a pure function of each project's
// number, so runs are repeatable. The demo organisations must exist (Load).
//
// Batches of 2,000 go in one transaction each; on PostgreSQL two batches run
// at once (the server does most of the work there), on SQLite one (a
// single writer).
func Generate(ctx context.Context, db *store.DB, n int, now time.Time) error {
	return GenerateReporting(ctx, db, n, now, nil)
}

// GenerateReporting is Generate telling progress (when not nil) how many
// of the n projects are written, after each batch; it may be called from
// two goroutines at once.
func GenerateReporting(ctx context.Context, db *store.DB, n int, now time.Time, progress func(done, total int)) error {
	start, err := db.CountGeneratedProjects(ctx)
	if err != nil {
		return err
	}
	coord := map[int]int64{}
	for _, pref := range furusato.Prefectures {
		o, err := db.CoordinatorFor(ctx, pref.Code)
		if err != nil {
			return fmt.Errorf("demo: generate needs the demo organisations (run demo first): %w", err)
		}
		coord[pref.Code] = o.ID
	}
	const batch = 2000
	workers := 1
	if db.Engine() == store.Postgres {
		workers = 2
	}
	batches := make(chan int)
	errc := make(chan error, workers)
	var written atomic.Int64
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		go func() {
			for first := range batches {
				m := min(batch, start+n-first)
				if err := generateBatch(ctx, db, first, m, coord, now); err != nil {
					cancel()
					errc <- err
					return
				}
				if progress != nil {
					progress(int(written.Add(int64(m))), n)
				}
			}
			errc <- nil
		}()
	}
feed:
	for first := start; first < start+n; first += batch {
		select {
		case batches <- first:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	for range workers {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	return err
}

// generateBatch writes projects first … first+m-1 in one transaction.
func generateBatch(ctx context.Context, db *store.DB, first, m int, coord map[int]int64, now time.Time) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		var co *furusato.Company
		ps := make([]*furusato.Project, 0, m)
		for i := first; i < first+m; i++ {
			r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
			if co == nil || i%5 == 0 {
				co = genCompany(r, i)
				if err := tx.CreateCompany(ctx, co, now); err != nil {
					return fmt.Errorf("demo: generate company: %w", err)
				}
			}
			p := genProject(r, i, co, now)
			p.OrganizationID = coord[co.Prefecture]
			ps = append(ps, p)
		}
		if err := tx.CreateProjects(ctx, ps, now); err != nil {
			return fmt.Errorf("demo: generate projects: %w", err)
		}
		return nil
	})
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

var (
	genIndustries = []string{"酒造", "旅館", "農園", "水産加工", "木工所", "菓子店", "製麺所", "印刷会社", "工務店", "茶園", "味噌蔵", "家具工房", "醤油醸造", "果樹園", "観光協会", "道の駅", "牧場", "陶芸工房", "和紙工房", "漁業協同組合"}
	genCompanyPre = []string{"山なみ", "ひかり", "あおぞら", "みなと", "こもれび", "たまゆら", "はるかぜ", "いろは", "ささら", "つむぎ", "ゆいまーる", "そよぎ"}
	genSubjects   = []string{"オンライン販売", "Instagram発信", "新商品の企画", "観光ツアー", "ブランドの再構築", "採用広報", "地域イベント", "ふるさと納税の返礼品", "ECサイト", "DX推進", "海外向けの販路", "パッケージデザイン", "体験プログラム", "社内の業務改善", "ファンづくり"}
	genVerbs      = []string{"立ち上げる", "一緒に考える", "形にする", "見直す", "育てる", "広げる"}
	genSentences  = []string{
		"創業から受け継いできた技術がありますが、その良さを地域の外へ伝える手段が足りていません。",
		"地域の人口が減るなかで、新しいお客さまとの接点をつくることが大きな課題になっています。",
		"社内には若手が少なく、これまでのやり方を見直すきっかけを探しています。",
		"お客さまの声を集めると、商品そのものより背景にある物語に関心が集まっていることが分かりました。",
		"コロナ禍をきっかけにオンラインでの発信を始めましたが、続け方に迷っています。",
		"地元の高校や大学とも連携しながら、地域全体で盛り上げたいと考えています。",
		"季節ごとの繁閑の差が大きく、閑散期の売上づくりが急務です。",
		"観光で訪れた方が再び足を運びたくなる仕組みを整えたいと考えています。",
		"社長自身が現場に立つことが多く、戦略を考える時間を十分に取れていません。",
		"同じ地域の事業者と協力して、新しい名物を生み出す構想があります。",
		"データをもとに判断する文化を少しずつ根づかせたいと考えています。",
		"地域の魅力を知ってもらうため、首都圏の方の視点を取り入れたいと思っています。",
	}
	genTasks  = []string{"現状の聞き取りと課題の整理", "競合や市場の調査", "発信計画の作成と実行", "試作品の検証", "オンライン会議での定例ミーティング", "現地での視察と意見交換", "数値の振り返りと改善提案", "社内向けの勉強会"}
	genSkills = []string{"SNS運用", "企画書の作成", "Webマーケティング", "デザイン", "Excel", "プロジェクト管理", "営業", "ライティング", "写真撮影", "データ分析", "Figma", "広報"}
)

func genCompany(r *rand.Rand, i int) *furusato.Company {
	pref := furusato.Prefectures[r.IntN(len(furusato.Prefectures))]
	ind := pick(r, genIndustries)
	return &furusato.Company{
		Slug:        fmt.Sprintf("gen-company-%d", i),
		Name:        pick(r, genCompanyPre) + ind,
		Prefecture:  pref.Code,
		City:        pick(r, []string{"中央町", "北山市", "南浜町", "西ノ宮村", "東川市", "緑が丘町"}),
		Industry:    ind,
		FoundedYear: 1850 + r.IntN(170),
		Size:        fmt.Sprintf("従業員%d名", 2+r.IntN(80)),
		Description: pick(r, genSentences) + pick(r, genSentences),
	}
}

func genProject(r *rand.Rand, i int, co *furusato.Company, now time.Time) *furusato.Project {
	pref, _ := furusato.PrefectureByCode(co.Prefecture)
	subject := pick(r, genSubjects)
	today := furusato.DateOf(now)
	var themes []string
	for _, k := range r.Perm(len(furusato.Themes))[:1+r.IntN(3)] {
		themes = append(themes, furusato.Themes[k].Slug)
	}
	var body []string
	for range 3 + r.IntN(4) {
		body = append(body, pick(r, genSentences))
	}
	var tasks []string
	for _, k := range r.Perm(len(genTasks))[:2+r.IntN(3)] {
		tasks = append(tasks, "・"+genTasks[k])
	}
	var skills []string
	for _, k := range r.Perm(len(genSkills))[:1+r.IntN(4)] {
		skills = append(skills, genSkills[k])
	}
	p := &furusato.Project{
		Slug:           fmt.Sprintf("gen-%d", i),
		Title:          fmt.Sprintf("%s%sの%sを%s", pref.NameJa, co.Name, subject, pick(r, genVerbs)),
		CatchCopy:      fmt.Sprintf("%sの%sと一緒に、%sに挑戦しませんか。", co.City, co.Industry, subject),
		Background:     strings.Join(body, ""),
		WhatYouDo:      strings.Join(tasks, "\n"),
		Goal:           fmt.Sprintf("%dか月後に、%sの仕組みが社内で回り始めている状態を目指します。", 2+r.IntN(10), subject),
		Themes:         themes,
		Skills:         skills,
		GoodFor:        "地域の仕事に関わってみたい方。自分の経験を新しい場所で試したい方。",
		Gains:          "経営者の近くで意思決定に関わる経験と、地域の仲間とのつながりが得られます。",
		WorkStyle:      pick(r, []furusato.WorkStyle{furusato.WorkRemote, furusato.WorkHybrid, furusato.WorkHybrid, furusato.WorkOnsite}),
		HoursPerWeek:   2 + r.IntN(9),
		DurationMonths: 2 + r.IntN(11),
		RewardType:     pick(r, []furusato.RewardType{furusato.RewardNone, furusato.RewardHonorarium, furusato.RewardPaid}),
		TravelCost:     pick(r, []furusato.TravelCost{furusato.TravelNone, furusato.TravelPart, furusato.TravelFull}),
		Places:         1 + r.IntN(4),
		Prefecture:     co.Prefecture,
		City:           co.City,
		CompanyID:      co.ID,
		Company:        co,
	}
	if p.WorkStyle != furusato.WorkRemote {
		p.VisitsPerMonth, p.WorkPlace = 1+r.IntN(3), pref.NameJa+co.City
	}
	if p.RewardType != furusato.RewardNone {
		p.RewardAmount = 5000 * (1 + r.IntN(10))
	}
	p.ProjectFacts = factsFor(p, uint32(i)*2654435761) // from i, not r: the sequence stays as it was
	age := r.IntN(365)
	p.CreatedAt = now.Add(-time.Duration(age)*24*time.Hour - time.Duration(r.IntN(86400))*time.Second)
	switch k := r.IntN(100); {
	case k < 70:
		p.Status, p.Deadline = furusato.StatusPublished, today.AddDays(r.IntN(90))
	case k < 85:
		p.Status, p.Deadline = furusato.StatusClosed, today.AddDays(-1-r.IntN(200))
	case k < 90:
		p.Status, p.Deadline = furusato.StatusInProgress, today.AddDays(-30-r.IntN(200))
	case k < 95:
		p.Status, p.Deadline = furusato.StatusCompleted, today.AddDays(-200-r.IntN(200))
	case k < 98:
		p.Status, p.Deadline = furusato.StatusDraft, today.AddDays(30+r.IntN(60))
	default:
		p.Status, p.Deadline = furusato.StatusCancelled, today.AddDays(-r.IntN(100))
	}
	p.StartDate = p.Deadline.AddDays(14 + r.IntN(30))
	if p.Status.Public() {
		p.PublishedAt = p.CreatedAt
	}
	return p
}
