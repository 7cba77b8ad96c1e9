package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// now is the fixed clock of the store tests: 2026-11-24 10:00 JST.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

var today = furusato.DateOf(now)

// fixture holds the ids of a small catalogue built for the store tests.
type fixture struct {
	coordGifu, coordTokyo, partner, secretariat *furusato.Organization
	gifuCo, tokyoCo, okinawaCo                  *furusato.Company
	bySlug                                      map[string]*furusato.Project
}

func newProject(slug, title, catch string, co *furusato.Company, org *furusato.Organization, mod func(p *furusato.Project)) *furusato.Project {
	p := &furusato.Project{
		Slug: slug, Title: title, CatchCopy: catch,
		Background: "地域の事業者と一緒に課題に取り組みます。", WhatYouDo: "・現状の整理\n・企画", Goal: "半年後に成果を出します。",
		Themes: []string{"marketing"}, Skills: []string{"SNS運用"},
		WorkStyle: furusato.WorkRemote, HoursPerWeek: 5, DurationMonths: 3, StartDate: today.AddDays(40),
		RewardType: furusato.RewardNone, TravelCost: furusato.TravelNone, Places: 2,
		Deadline: today.AddDays(30), Prefecture: co.Prefecture, City: co.City,
		CompanyID: co.ID, Company: co, OrganizationID: org.ID, Status: furusato.StatusPublished,
	}
	if mod != nil {
		mod(p)
	}
	return p
}

func loadFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{bySlug: map[string]*furusato.Project{}}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		orgs := []**furusato.Organization{&f.coordGifu, &f.coordTokyo, &f.partner, &f.secretariat}
		for i, o := range []*furusato.Organization{
			{Slug: "gifu-lab", Name: "岐阜つなぐラボ", Kind: furusato.OrgCoordinator, Prefectures: []int{21, 23}},
			{Slug: "tokyo-net", Name: "東京ふるさとネット", Kind: furusato.OrgCoordinator, Prefectures: []int{13}},
			{Slug: "partners", Name: "伴走パートナーズ", Kind: furusato.OrgPartner},
			{Slug: "secretariat", Name: "事務局", Kind: furusato.OrgSecretariat},
		} {
			if err := tx.CreateOrganization(ctx, o, now); err != nil {
				return err
			}
			*orgs[i] = o
		}
		cos := []**furusato.Company{&f.gifuCo, &f.tokyoCo, &f.okinawaCo}
		for i, c := range []*furusato.Company{
			{Slug: "hida-farm", Name: "飛騨クレソン農園", Prefecture: 21, City: "飛騨市"},
			{Slug: "edo-print", Name: "江戸印刷", Prefecture: 13, City: "台東区"},
			{Slug: "ryukyu-salt", Name: "琉球しお工房", Prefecture: 47, City: "糸満市"},
		} {
			if err := tx.CreateCompany(ctx, c, now); err != nil {
				return err
			}
			*cos[i] = c
		}
		ps := []*furusato.Project{
			// Title holds 岐阜 and クレソン: top tier for both words.
			newProject("watercress", "岐阜のクレソンを広める広報戦略", "新しいパッケージで伝道師に", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
				p.Themes = []string{"pr", "food"}
				p.Deadline = today.AddDays(3)
			}),
			// Catch copy holds 岐阜: second tier.
			newProject("hida-fans", "飛騨市ファンクラブで関係人口を増やす", "岐阜の山あいで熱狂的なファンづくり", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
				p.Themes = []string{"community", "pr"}
				p.WorkStyle, p.VisitsPerMonth = furusato.WorkHybrid, 1
				p.RewardType, p.RewardAmount = furusato.RewardHonorarium, 10000
				p.DurationMonths = 6
				p.Deadline = today
				p.GoodFor = "関ヶ原の古戦場めぐりが好きな人"
			}),
			// Body only mentions 岐阜 (through the prefecture name): third tier.
			newProject("marche", "工務店が企画するマルシェ", "地域をよくする実践の場", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
				p.Themes = []string{"events", "community"}
				p.WorkStyle, p.VisitsPerMonth = furusato.WorkOnsite, 2
				p.RewardType, p.RewardAmount = furusato.RewardPaid, 30000
				p.DurationMonths = 9
				p.Deadline = today.AddDays(20)
				p.Background = "美容室2.0の考え方で、髙山の工房と地域をつなぎます。最初の4か月で形にします。"
			}),
			newProject("edo-dx", "老舗印刷会社のDX推進", "ITで現場を軽くする", f.tokyoCo, f.coordTokyo, func(p *furusato.Project) {
				p.Themes = []string{"it-dx"}
				p.Background = "受発注をFAXで行っており、Instagramでの発信もこれからです。越境ECの準備と、受注データーの確認3f2aも進めます。期間は4ヶ月です。"
				p.Deadline = today.AddDays(10)
			}),
			newProject("edo-closed", "印刷工房の広報を考える", "募集を終えた案件", f.tokyoCo, f.coordTokyo, func(p *furusato.Project) {
				p.Themes = []string{"pr"}
				p.Status, p.Deadline = furusato.StatusClosed, today.AddDays(-5)
			}),
			newProject("ryukyu-draft", "非公開の下書き 岐阜クレソン", "まだ誰にも見せない", f.okinawaCo, f.secretariat, func(p *furusato.Project) {
				p.Status = furusato.StatusDraft
			}),
			newProject("ryukyu-cancelled", "中止になった岐阜の案件", "見えてはいけない", f.okinawaCo, f.secretariat, func(p *furusato.Project) {
				p.Status = furusato.StatusCancelled
			}),
			newProject("ryukyu-salt", "塩づくりの体験ツアーを作る", "ｸﾚｿﾝではなく塩の話", f.okinawaCo, f.secretariat, func(p *furusato.Project) {
				p.Themes = []string{"tourism"}
				p.WorkStyle, p.VisitsPerMonth = furusato.WorkHybrid, 1
				p.DurationMonths = 12
				p.Deadline = today.AddDays(45)
			}),
		}
		for i, p := range ps {
			if err := tx.CreateProject(ctx, p, now.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
			f.bySlug[p.Slug] = p
		}
		return nil
	})
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return f
}

func slugs(ps []*furusato.Project) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}
