package demo

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// The three demo team stories (teams.go). All names are fictional.

// playInProgress: the watercress subscription shop, going well.
func playInProgress(ctx context.Context, p *teamPlay) error {
	t := p.svc.Teams
	p.day(68)
	if err := p.match(ctx, "地元の農産物を定期便で届ける仕組みづくりに、ECの経験を活かしたいと考えました。"); err != nil {
		return err
	}
	p.day(66)
	if err := p.linkSupporter(ctx); err != nil {
		return err
	}
	p.day(64)
	err := p.charter(ctx, p.coordinator, furusato.Charter{
		Goal:            "クレソンの定期便を自社サイトで始め、最初の50件の申し込みを受け付けられる状態にする。",
		Done:            "申し込みから発送までの流れが社内だけで回り、50件の申し込みがあること。",
		HoursPerWeek:    4,
		Meetings:        "隔週水曜の20時からオンラインで30分。月に一度は農園で顔を合わせます。",
		Tools:           "チームのスレッド、共有ドキュメント、ビデオ会議",
		CompanyProvides: "商品写真、過去の販売データ、発送の担当者",
		Rules:           "返信は2日以内を目安に。本業が忙しい週は早めに声をかけ合う。",
		Cadence:         furusato.CadenceWeekly,
	}, p.coordinator, p.staff, p.participant, p.supporter)
	if err != nil {
		return err
	}
	if err := steps(
		func() error {
			return p.expect(ctx, p.participant, "週4時間ほど、ECサイトの設計と申し込みの流れづくりを担当します。",
				"地域の生産者と一緒に事業をつくる経験と、農園の皆さんとのつながり。")
		},
		func() error {
			return p.expect(ctx, p.staff, "商品の情報と写真、発送の段取りを社内で用意します。",
				"定期便の運営を自分たちで続けられるようになること。")
		},
	); err != nil {
		return err
	}
	p.day(63)
	_, draft, err := t.AgreementDraft(ctx, p.coordinator, p.team.ID)
	if err != nil {
		return err
	}
	a, err := t.IssueAgreement(ctx, p.coordinator, p.team.ID, draft, 0)
	if err != nil {
		return err
	}
	p.day(62)
	if _, err := t.AcceptAgreement(ctx, p.participant, p.team.ID, a.Version, furusato.PartyParticipant); err != nil {
		return err
	}
	if _, err := t.AcceptAgreement(ctx, p.staff, p.team.ID, a.Version, furusato.PartyCompany); err != nil {
		return err
	}
	p.day(61)
	if err := p.kickoff(ctx, p.coordinator, p.participant, 4); err != nil {
		return err
	}
	p.day(57)
	form, err := t.AddMilestone(ctx, p.coordinator, p.team.ID, milestone(p, "申し込みフォームを公開する", 56))
	if err != nil {
		return err
	}
	if _, err := t.AddMilestone(ctx, p.staff, p.team.ID, milestone(p, "最初の50件の申し込み", 90)); err != nil {
		return err
	}
	if _, err := t.AddMilestone(ctx, p.coordinator, p.team.ID, milestone(p, "試しの申し込みを10件集める", 65)); err != nil {
		return err
	}
	p.day(21)
	if err := p.checkIn(ctx, "定期便の申し込みフォームの画面案をつくり、農園の皆さんに見ていただきました。",
		"決済の方法を比べて、候補を二つに絞ります。", "", 5); err != nil {
		return err
	}
	p.day(14)
	if err := p.checkIn(ctx, "決済サービスを二つ試し、手数料と使いやすさを表にまとめました。",
		"発送の段取りを担当の方と確認します。", "発送できる曜日がまだ決まっていません。", 4); err != nil {
		return err
	}
	p.day(12)
	if err := t.MoveMilestone(ctx, p.participant, p.team.ID, form.ID, furusato.MilestoneOpen, furusato.MilestoneDone); err != nil {
		return err
	}
	p.day(7)
	if err := p.checkIn(ctx, "発送は毎週火曜に決まりました。フォームに反映しています。",
		"友人10人に試しに申し込んでもらい、使いにくい点を集めます。", "", 4); err != nil {
		return err
	}
	p.day(6)
	cid, err := p.latestCheckIn(ctx)
	if err != nil {
		return err
	}
	if _, err := t.Comment(ctx, p.supporter, p.team.ID, cid,
		"発送の曜日が決まって、ぐっと進みましたね。試しの申し込みでは、スマートフォンでの入力のしやすさも見てみてください。"); err != nil {
		return err
	}
	p.day(3)
	_, err = t.PostMessage(ctx, p.staff, p.team.ID, "来週の試しの申し込み、社内の家族にも声をかけておきます。")
	return err
}

// playQuiet: the Hida fan meetup, gone quiet (the early-warning job flags
// it when the site starts: check-ins overdue, a blocker two check-ins in a
// row, the thread silent, a member who never confirmed the charter).
func playQuiet(ctx context.Context, p *teamPlay) error {
	t := p.svc.Teams
	p.day(45)
	if err := p.match(ctx, "東京で飛騨のファンの集まりを開くお手伝いをしたいと考えました。"); err != nil {
		return err
	}
	p.day(44)
	if err := p.charter(ctx, p.coordinator, furusato.Charter{
		Goal: "東京で飛騨のファンが集まる会を開き、30人に来ていただく。", Done: "会を開き、参加者の声をまとめること。",
		HoursPerWeek: 3, Meetings: "毎週月曜の21時からオンラインで30分。", Tools: "チームのスレッド",
		CompanyProvides: "飛騨の特産品と会場費", Rules: "困ったら早めに相談する。", Cadence: furusato.CadenceWeekly,
	}, p.coordinator, p.participant); err != nil {
		return err
	}
	p.day(43)
	if err := p.kickoff(ctx, p.coordinator, p.participant, 3); err != nil {
		return err
	}
	p.day(40)
	if err := t.Start(ctx, p.coordinator, p.team.ID, furusato.StatusClosed); err != nil {
		return err
	}
	p.day(33)
	if err := p.checkIn(ctx, "会場の候補を三つ見つけました。", "会場を決めます。", "本業が繁忙期で時間がとれていません。", 2); err != nil {
		return err
	}
	p.day(26)
	if err := p.checkIn(ctx, "会場の候補に問い合わせました。", "返事を待って決めます。", "本業の繁忙期が続いています。", 1); err != nil {
		return err
	}
	p.day(25)
	_, err := t.PostMessage(ctx, p.coordinator, p.team.ID, "お忙しいところありがとうございます。無理のない範囲で進めましょう。")
	return err
}

// playCompleted: the Echigo paperless project, completed, with both
// sides' reflections and the demo participant's public record.
func playCompleted(ctx context.Context, p *teamPlay) error {
	t := p.svc.Teams
	p.day(80)
	if err := p.match(ctx, "製造業の現場の紙の仕事を減らすお手伝いに、業務改善の経験を活かしたいと考えました。"); err != nil {
		return err
	}
	p.day(78)
	if err := p.charter(ctx, p.staff, furusato.Charter{
		Goal: "受注から出荷までの紙の帳票を減らし、三つの業務を共有の表に移す。", Done: "三つの業務が紙なしで回ること。",
		HoursPerWeek: 4, Meetings: "隔週金曜の夜にオンラインで。", Tools: "共有の表計算、チームのスレッド",
		CompanyProvides: "今の帳票と現場の担当者の時間", Rules: "現場の声を先に聞く。", Cadence: furusato.CadenceBiweekly,
	}, p.staff, p.participant); err != nil {
		return err
	}
	p.day(76)
	if err := p.kickoff(ctx, p.staff, p.participant, 3); err != nil {
		return err
	}
	for _, c := range []struct {
		day   int
		done  string
		hours int
	}{
		{60, "受注の帳票を共有の表に移し、現場で試してもらいました。", 8},
		{46, "出荷の帳票も移しました。入力の手間について現場の声を聞きました。", 9},
		{32, "在庫の表を加え、三つの業務がつながりました。使い方の手引きをつくりました。", 7},
	} {
		p.day(c.day)
		if err := p.checkIn(ctx, c.done, "次の業務に進みます。", "", c.hours); err != nil {
			return err
		}
	}
	p.day(20)
	if err := t.Complete(ctx, p.admin, p.team.ID, furusato.StatusInProgress, false, ""); err != nil {
		return err
	}
	p.day(18)
	if _, err := p.svc.Reflections.Write(ctx, p.participant, p.team.ID, service.ReflectionInput{
		Ratings: map[string]int{"strengths": 5, "skills": 4, "growth": 5, "main_job": 4},
		Texts: map[string]string{"strengths": "現場の方の話を聞いて仕組みに落とし込むことが、自分の強みだと気づきました。",
			"main_job": "本業でも、会議の前に現場の声を集めるようになりました。"},
		Again: "yes", Message: "温かく迎えてくださり、ありがとうございました。"}); err != nil {
		return err
	}
	p.day(17)
	if _, err := p.svc.Reflections.Write(ctx, p.staff, p.team.ID, service.ReflectionInput{
		Ratings: map[string]int{"initiative": 5, "staff": 4, "tools": 5},
		Texts:   map[string]string{"tools": "共有の表が社内に定着し、紙の帳票が半分以下になりました。"},
		Again:   "yes", Message: "外からの視点で、長年の習慣を見直すきっかけになりました。"}); err != nil {
		return err
	}
	recs, err := p.svc.Records.ToConfirm(ctx, p.staff)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.TeamID != p.team.ID {
			continue
		}
		if _, err := p.svc.Records.Confirm(ctx, p.staff, r.ID, furusato.RecordConfirmation{Role: "業務改善の担当", Hours: r.Hours,
			Words:   "現場に寄り添って、紙の仕事を共有の表に移してくださいました。社内の誰もが使える形で残してくださったことに感謝しています。",
			Consent: true}); err != nil {
			return err
		}
		p.day(15)
		if err := p.svc.Records.SetPublic(ctx, p.participant, r.ID, true); err != nil {
			return err
		}
	}
	return nil
}

// milestone is a milestone input owned by the participant, due in days
// from the clock.
func milestone(p *teamPlay, title string, days int) service.MilestoneInput {
	d := furusato.DateOf(*p.at).AddDays(days)
	return service.MilestoneInput{Title: title, DueYear: itoa(d.Year), DueMonth: itoa(int(d.Month)), Day: itoa(d.Day),
		Owner: itoa(int(p.participant.User.ID))}
}
