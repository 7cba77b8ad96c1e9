package demo

import (
	"hash/fnv"

	"github.com/furusato/furusato/internal/furusato"
)

// What people decide on (issue 11, item 4), filled for every demo project
// and generated one: a few projects have their own words (ownFacts), the
// others get facts that fit their terms (work style, reward, travel
// costs), picked by a hash of the slug so that the demo stays
// deterministic and the generator's random sequence is not disturbed.

// ownFacts are the facts written for particular demo projects.
var ownFacts = map[string]furusato.ProjectFacts{
	"gifu-watercress-evangelist": {
		RewardBasis:    furusato.RewardMonthly,
		RewardNote:     "謝礼は業務委託契約として、毎月末締め・翌月末払いでお振り込みします。\n交通費は、郡上市の畑を訪れるときに1回につき15,000円まで支給します（領収書をお送りください）。",
		InterviewStyle: furusato.InterviewsEither,
		InterviewNote:  "平日の夜に30分ほど。畑を見てから決めたい方は、現地でもお話しできます。",
		WorkTimes:      "平日の夜（20時以降）と土日が中心。隔週水曜20時からオンラインの定例があります。",
		SelectionSteps: []string{"書類選考", "オンライン面談", "参画決定"},
		ResponseDays:   7,
		HostIntro:      "郡上の湧き水でクレソンを育てて三代目になります。畑に来ていただければ、摘みたてをその場で味わっていただけます。クレソンを主役にする食べ方を、一緒に考えてくださる方をお待ちしています。",
		SupporterIntro: "伴走者は、大手企業で働く若手社員の有志団体のメンバーです。ふだんは食品メーカーで商品企画を担当しています。アイデア出しからメディアへの紹介まで、月1回の定例に加わってチームと一緒に考えます。",
	},
	"hida-fanclub-relationship": {
		RewardBasis:    furusato.RewardMonthly,
		RewardNote:     "謝礼は毎月末にお振り込みします。\n飛騨市内での活動にかかる交通費は、全額を実費で支給します（月1回まで）。",
		InterviewStyle: furusato.InterviewsOnline,
		InterviewNote:  "市の担当者とコーディネーターが、ビデオ会議で40分ほどお話しします。",
		WorkTimes:      "平日の夜と、月に一度の週末の現地活動が中心です。",
		SelectionSteps: []string{"書類選考", "オンライン面談", "市の担当者との顔合わせ", "参画決定"},
		ResponseDays:   10,
		HostIntro:      "飛騨市でファンクラブの運営を担当しています。毎年のように飛騨へ通ってくださる方々の熱量に、いつも励まされています。その熱を、もっと多くの人に広げる方法を一緒に探してください。",
		SupporterIntro: "伴走者は、通信会社で広報を担当している若手社員です。リブランディングと広報の進め方を、チームの一員として月2回の打ち合わせで支えます。",
	},
}

var (
	demoWorkTimes = []string{
		"平日の夜（20時以降）と土日が中心です。",
		"週1回、平日夜に1時間のオンライン定例があります。そのほかは都合のよい時間に進めてください。",
		"土日のどちらか半日と、平日夜のメッセージでのやり取りが中心です。",
		"平日の昼休みや夜など、すきま時間で進められる作業が中心です。",
	}
	demoInterviewNotes = []string{
		"平日の夜に30分ほど、ビデオ会議で行います。",
		"代表とコーディネーターが同席し、40分ほどお話しします。",
		"土日の日中にも調整できます。気軽にご相談ください。",
	}
	demoHostIntros = []string{
		"社員十数名の小さな会社です。地域の外から来てくださる方の視点に、いつも新しい気づきをもらっています。まずは気軽にお話ししましょう。",
		"家業を継いで十年になります。長く続けてきたことを次の世代につなぐために、新しい挑戦を始めました。一緒に悩み、一緒に喜べる方をお待ちしています。",
		"地域のみなさんに支えられて続いてきた事業です。私たちだけでは手が届かなかったことに、外からの力を借りて取り組みたいと考えています。",
	}
)

// fillFacts gives every project of ps facts: its own, or ones that fit.
func fillFacts(ps []*DemoProject) {
	for _, p := range ps {
		if f, ok := ownFacts[p.Slug]; ok {
			p.ProjectFacts = f
			continue
		}
		p.ProjectFacts = factsFor(&p.Project, slugHash(p.Slug))
	}
}

// factsFor returns facts that fit p's terms; h picks among the wordings.
func factsFor(p *furusato.Project, h uint32) furusato.ProjectFacts {
	f := furusato.ProjectFacts{
		WorkTimes:      demoWorkTimes[h%uint32(len(demoWorkTimes))],
		InterviewNote:  demoInterviewNotes[h/7%uint32(len(demoInterviewNotes))],
		HostIntro:      demoHostIntros[h/11%uint32(len(demoHostIntros))],
		ResponseDays:   []int{5, 7, 7, 10, 14}[h/3%5],
		SelectionSteps: []string{"書類選考", "オンライン面談", "参画決定"},
	}
	switch p.WorkStyle {
	case furusato.WorkRemote:
		f.InterviewStyle = furusato.InterviewsOnline
	case furusato.WorkHybrid:
		f.InterviewStyle = furusato.InterviewsEither
		f.SelectionSteps = []string{"書類選考", "オンライン面談", "現地見学（ご希望の方）", "参画決定"}
	default:
		f.InterviewStyle = furusato.InterviewsOnsite
		f.SelectionSteps = []string{"書類選考", "現地での面談", "参画決定"}
	}
	if p.RewardAmount > 0 {
		f.RewardBasis = furusato.RewardMonthly
	}
	f.RewardNote = rewardNote(p)
	if len(p.Supporters) > 0 {
		f.SupporterIntro = "伴走者は、大手企業で働く若手社員の有志団体のメンバーです。本業で培った経験を活かして、「" +
			p.Supporters[0].Role + "」を中心に、月1回の定例に加わってチームを支えます。"
	}
	return f
}

// rewardNote words the form of payment and the travel-cost limit of p.
func rewardNote(p *furusato.Project) string {
	var s string
	switch p.RewardType {
	case furusato.RewardPaid:
		s = "業務委託契約を結び、毎月末締め・翌月末払いでお振り込みします。"
	case furusato.RewardHonorarium:
		s = "謝礼として、毎月末にお振り込みします。"
	default:
		s = "報酬はありません（プロボノとしての参加です）。"
	}
	switch p.TravelCost {
	case furusato.TravelPart:
		s += "\n交通費は、現地を訪れるときに1回につき10,000円まで支給します。"
	case furusato.TravelFull:
		s += "\n現地を訪れるときの交通費は、実費を全額支給します。"
	}
	return s
}

func slugHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
