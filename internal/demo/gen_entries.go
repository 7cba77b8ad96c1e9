package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// EntryGen sizes GenerateEntries.
type EntryGen struct {
	Users   int // generated participants (gen-user-N@gen.furusato.example)
	Entries int // entries spread over the generated public projects
	// PasswordHash is given to every generated participant, so that load
	// tests can sign in as any of them; "" leaves them without a password.
	PasswordHash string
	// Progress, when not nil, is told how many entries are written, after
	// each batch; it may be called from two goroutines at once.
	Progress func(done, total int)
}

// entryBatch is how many entries (with their events) go in one transaction.
const entryBatch = 5000

// heavyUsers is how many generated participants enter far more often than
// the others (a few hundred entries each at 1,000,000 entries), so that
// "my page" can be measured for a busy person. The first of them is the
// busiest.
const heavyUsers = 100

// GenerateEntries adds g.Users participants and about g.Entries entries
// (with their recorded events) on the generated public projects (Generate
// first), for load tests and benchmarks. The spread is skewed as a real
// catalogue's: about one project in a hundred draws hundreds of entries,
// most draw a handful; a hundred participants enter very often. Stages
// follow the project's status (open projects have entries in every stage,
// finished ones only final stages, matched never above the places), and
// the content is a pure function of the project order, so runs repeat.
// When generated participants already exist it adds nothing.
//
// Rows go in with multi-row INSERTs, entryBatch entries per transaction;
// on PostgreSQL two transactions run at once, on SQLite one.
func GenerateEntries(ctx context.Context, db *store.DB, g EntryGen, now time.Time) error {
	if g.Users <= 0 || g.Entries <= 0 {
		return errors.New("demo: generate entries: users and entries must be positive")
	}
	if n, err := db.CountGeneratedUsers(ctx); err != nil || n > 0 {
		return err
	}
	targets, err := db.GeneratedTargets(ctx)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return errors.New("demo: generate entries needs generated projects (Generate first)")
	}
	firstUser, firstEntry, err := db.NextIDs(ctx)
	if err != nil {
		return err
	}
	if err := genUsers(ctx, db, g, firstUser, now); err != nil {
		return err
	}
	workers := 1
	if db.Engine() == store.Postgres {
		workers = 2
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan genBatch, workers)
	errc := make(chan error, workers)
	var written atomic.Int64
	for range workers {
		go func() {
			for b := range batches {
				err := db.Tx(ctx, func(tx *store.Tx) error {
					if err := tx.BulkCreateEntries(ctx, b.entries); err != nil {
						return err
					}
					return tx.BulkCreateEntryEvents(ctx, b.events)
				})
				if err != nil {
					cancel()
					errc <- fmt.Errorf("demo: generate entries: %w", err)
					return
				}
				if g.Progress != nil {
					g.Progress(int(written.Add(int64(len(b.entries)))), g.Entries)
				}
			}
			errc <- nil
		}()
	}
	gen := entryGenerator{g: g, firstUser: firstUser, nextID: firstEntry, now: now}
	counts := entryCounts(targets, g.Entries)
	var b genBatch
feed:
	for i, t := range targets {
		gen.project(t, counts[i], &b)
		if len(b.entries) >= entryBatch || i == len(targets)-1 {
			select {
			case batches <- b:
				b = genBatch{}
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(batches)
	for range workers {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error { return tx.FinishBulk(ctx) })
}

// genUsers writes the generated participants, 5,000 per transaction.
func genUsers(ctx context.Context, db *store.DB, g EntryGen, firstID int64, now time.Time) error {
	const batch = 5000
	for first := 0; first < g.Users; first += batch {
		us := make([]store.GenUser, 0, batch)
		for i := first; i < min(first+batch, g.Users); i++ {
			r := rand.New(rand.NewPCG(uint64(i), 0x05e4))
			us = append(us, store.GenUser{ID: firstID + int64(i), Email: fmt.Sprintf("gen-user-%d@gen.furusato.example", i),
				DisplayName: pick(r, genFamilyNames) + " " + pick(r, genGivenNames), PasswordHash: g.PasswordHash,
				CreatedAt: now.Add(-time.Duration(400+r.IntN(400)) * 24 * time.Hour)})
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.BulkCreateUsers(ctx, us) }); err != nil {
			return fmt.Errorf("demo: generate users: %w", err)
		}
	}
	return nil
}

// entryCounts spreads total entries over targets: weights drawn per project
// (1% popular, 9% busy, the rest quiet), scaled to add up to total.
func entryCounts(targets []store.GenTarget, total int) []int {
	w := make([]int, len(targets))
	sum := 0
	for i, t := range targets {
		r := rand.New(rand.NewPCG(uint64(t.ID), 0xc0de))
		switch k := r.IntN(1000); {
		case k < 10:
			w[i] = 150 + r.IntN(650)
		case k < 100:
			w[i] = 20 + r.IntN(60)
		default:
			w[i] = r.IntN(12)
		}
		sum += w[i]
	}
	counts := make([]int, len(targets))
	given := 0
	if sum == 0 {
		sum, w[0] = 1, 1
	}
	for i := range w {
		counts[i] = int(int64(w[i]) * int64(total) / int64(sum))
		given += counts[i]
	}
	for i := 0; given < total; i = (i + 1) % len(counts) {
		if w[i] > 0 {
			counts[i]++
			given++
		}
	}
	return counts
}

// genBatch is one transaction's worth of entries and their events.
type genBatch struct {
	entries []*furusato.Entry
	events  []store.GenEvent
}

// entryGenerator makes the entries of one project after another.
type entryGenerator struct {
	g         EntryGen
	firstUser int64
	nextID    int64
	now       time.Time
}

// stagePaths are the moves an entry made after it was submitted, by its
// final stage.
var stagePaths = map[furusato.Stage][]furusato.Stage{
	furusato.StageSubmitted: nil,
	furusato.StageScreening: {furusato.StageScreening},
	furusato.StageInterview: {furusato.StageScreening, furusato.StageInterview},
	furusato.StageOffered:   {furusato.StageScreening, furusato.StageInterview, furusato.StageOffered},
	furusato.StageMatched:   {furusato.StageScreening, furusato.StageInterview, furusato.StageOffered, furusato.StageMatched},
	furusato.StageDeclined:  {furusato.StageScreening, furusato.StageDeclined},
	furusato.StageWithdrawn: {furusato.StageWithdrawn},
}

// stageWeights are the chances of each final stage by project status.
var stageWeights = map[furusato.ProjectStatus][]struct {
	s furusato.Stage
	w int
}{
	furusato.StatusPublished: {{furusato.StageSubmitted, 35}, {furusato.StageScreening, 20}, {furusato.StageInterview, 15},
		{furusato.StageOffered, 5}, {furusato.StageDeclined, 15}, {furusato.StageWithdrawn, 10}},
	furusato.StatusClosed: {{furusato.StageSubmitted, 5}, {furusato.StageScreening, 10}, {furusato.StageInterview, 15},
		{furusato.StageOffered, 5}, {furusato.StageDeclined, 45}, {furusato.StageWithdrawn, 20}},
	furusato.StatusInProgress: {{furusato.StageDeclined, 70}, {furusato.StageWithdrawn, 30}},
	furusato.StatusCompleted:  {{furusato.StageDeclined, 70}, {furusato.StageWithdrawn, 30}},
}

// project adds n entries on t to b.
func (gen *entryGenerator) project(t store.GenTarget, n int, b *genBatch) {
	if n == 0 {
		return
	}
	r := rand.New(rand.NewPCG(uint64(t.ID), 0xe47e))
	open := t.PublishedAt
	if open.IsZero() || open.After(gen.now) {
		open = gen.now.Add(-30 * 24 * time.Hour)
	}
	shut := gen.now
	if end := t.Deadline.End(); !t.Deadline.IsZero() && end.Before(shut) {
		shut = end
	}
	window := max(shut.Sub(open), time.Hour)
	matched, finished := 0, t.Status == furusato.StatusInProgress || t.Status == furusato.StatusCompleted
	seen := map[int64]bool{}
	heavy := min(heavyUsers, max(gen.g.Users/100, 1))
	for range n {
		var user int64
		for try := 0; try < 20; try++ {
			k := r.IntN(gen.g.Users)
			if r.IntN(100) < 3 {
				k = r.IntN(heavy)
			}
			if u := gen.firstUser + int64(k); !seen[u] {
				user = u
				break
			}
		}
		if user == 0 {
			continue // a small project among few people: every one already entered
		}
		seen[user] = true
		stage := weighted(r, stageWeights[t.Status])
		switch {
		case matched < t.Places && finished && r.IntN(2) == 0,
			matched < t.Places-1 && !finished && r.IntN(100) < 3:
			stage = furusato.StageMatched
			matched++
		}
		created := open.Add(time.Duration(r.Int64N(int64(window))))
		updated := created
		if stage != furusato.StageSubmitted {
			updated = created.Add(time.Duration(r.Int64N(int64(max(min(30*24*time.Hour, gen.now.Sub(created)), time.Minute)))))
		}
		e := &furusato.Entry{ID: gen.nextID, ProjectID: t.ID, UserID: user, CompanyID: t.CompanyID, OrganizationID: t.OrganizationID,
			Motivation:   pick(r, genMotivations) + pick(r, genMotivations),
			Contribution: pick(r, genContributions) + pick(r, genContributions),
			HoursPerWeek: 1 + r.IntN(10), Stage: stage, CreatedAt: created, UpdatedAt: updated}
		if r.IntN(5) == 0 {
			e.Questions = pick(r, genQuestions)
		}
		gen.nextID++
		b.entries = append(b.entries, e)
		b.events = append(b.events, store.GenEvent{EntryID: e.ID, ActorID: user, To: furusato.StageSubmitted, CreatedAt: created})
		path := stagePaths[stage]
		from := furusato.StageSubmitted
		for j, to := range path {
			at := created.Add(updated.Sub(created) * time.Duration(j+1) / time.Duration(len(path)))
			var actor int64 // the organisation's moves are recorded as the system here
			if to == furusato.StageWithdrawn || to == furusato.StageMatched {
				actor = user
			}
			b.events = append(b.events, store.GenEvent{EntryID: e.ID, ActorID: actor, From: from, To: to, CreatedAt: at})
			from = to
		}
	}
}

func weighted(r *rand.Rand, ws []struct {
	s furusato.Stage
	w int
}) furusato.Stage {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	k := r.IntN(total)
	for _, w := range ws {
		if k < w.w {
			return w.s
		}
		k -= w.w
	}
	return ws[len(ws)-1].s
}

var (
	genFamilyNames   = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村", "林", "清水", "山崎", "森"}
	genGivenNames    = []string{"陽菜", "結衣", "美咲", "さくら", "葵", "花子", "遥", "真由", "彩", "翔太", "大輔", "健太", "拓海", "蓮", "悠斗", "直樹", "誠", "隆", "亮", "千尋"}
	genMotivations   = []string{"地域の事業者の方と一緒に挑戦したいと考え、応募いたしました。", "本業で培った経験を、地方の企業で試してみたいと思っています。", "学生時代を過ごした土地に、何らかの形で恩返しがしたいと考えています。", "貴社の商品を以前から愛用しており、魅力をもっと広めたいと思いました。", "週末を活用して、新しい分野の仕事に関わりたいと考えています。", "地方の課題に向き合う経験を通じて、自分の視野を広げたいと思っています。"}
	genContributions = []string{"Webマーケティングの実務経験が5年あります。", "SNSの運用と分析を担当してきました。", "企画書の作成と社内調整が得意です。", "デザインツールを使った資料づくりができます。", "営業として多くの取引先と関係を築いてきました。", "データ分析をもとにした改善提案ができます。", "写真撮影と文章の執筆ができます。"}
	genQuestions     = []string{"現地に伺う頻度はどのくらいを想定されていますか。", "オンラインでの打ち合わせは平日の夜でも可能でしょうか。", "交通費の精算方法を教えていただけますか。"}
)
