package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// WaitingFilter selects the entries that wait for their hosts (the
// management dashboard's "what needs me today"): the new entries (stage
// submitted, not yet screened) and, when OfferedBefore is set, the offers
// made before it that the participant has not answered.
type WaitingFilter struct {
	OrganizationIDs []int64 // entries of the projects these organisations coordinate
	CompanyIDs      []int64 // and of these companies' projects
	All             bool    // every entry (admins); the ids are then ignored
	// OfferedBefore: offered entries whose offer (their last change) is
	// older than this wait too; zero leaves offers out.
	OfferedBefore time.Time
	Limit         int // DefaultEntryLimit when ≤ 0
}

// FindWaitingEntries returns at most f.Limit entries that f selects, the
// longest waiting first (by updated_at then id: a submitted entry was never
// changed, so its updated_at is its created_at; an offered one's is the
// offer), each with its Participant and a Project holding its id, slug and
// title, and the number of all that match up to furusato.WaitingCountCap+1.
//
// It stays quick on millions of entries: each organisation and company (and
// each waiting stage) reads at most f.Limit rows in the order of its index
// (entries_organization, entries_company: (…, stage, updated_at)), and only
// the merged page is joined to people and projects. The total is counted on
// the same indexes, at most furusato.WaitingCountCap+1 rows of each. Entries of a
// company whose organisation is also in the filter are read once, through
// the organisation.
func (c *conn) FindWaitingEntries(ctx context.Context, f WaitingFilter) ([]*furusato.Entry, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultEntryLimit
	}
	orgs, cos := uniqueIDs(f.OrganizationIDs), uniqueIDs(f.CompanyIDs)
	if f.All {
		all, err := c.organizationIDs(ctx)
		if err != nil {
			return nil, 0, err
		}
		orgs, cos = all, nil
	}
	if len(orgs) == 0 && len(cos) == 0 {
		return nil, 0, nil
	}
	total, err := c.countWaiting(ctx, orgs, cos, f.OfferedBefore)
	if err != nil || total == 0 {
		return nil, total, err
	}
	q, args := waitingQuery(orgs, cos, f.OfferedBefore, f.Limit)
	out, _, err := c.scanEntryPage(ctx, q, args, false)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// waitingStages are the conditions of the waiting stages, with the
// builder's placeholder for the offer's cut-off.
func waitingStages(b *builder, offeredBefore time.Time) []string {
	out := []string{"e.stage = 'submitted'"}
	if !offeredBefore.IsZero() {
		out = append(out, "e.stage = 'offered' AND e.updated_at < "+b.arg(ms(offeredBefore)))
	}
	return out
}

// waitingQuery is the list query of FindWaitingEntries: one ordered,
// limited index range per organisation or company and stage, merged, and
// the first limit of them joined to their people and projects.
func waitingQuery(orgs, cos []int64, offeredBefore time.Time, limit int) (string, []any) {
	var b builder
	stages := waitingStages(&b, offeredBefore)
	lim := b.arg(limit)
	var scopes []string
	for _, id := range orgs {
		scopes = append(scopes, "e.organization_id = "+b.arg(id))
	}
	notOrgs := ""
	if len(cos) > 0 && len(orgs) > 0 {
		notOrgs = " AND e.organization_id NOT IN (" + b.ids(orgs) + ")"
	}
	for _, id := range cos {
		scopes = append(scopes, "e.company_id = "+b.arg(id)+notOrgs)
	}
	var parts []string
	for _, scope := range scopes {
		for _, stage := range stages {
			n := len(parts)
			parts = append(parts, "SELECT id, updated_at FROM (SELECT e.id, e.updated_at FROM entries e WHERE "+scope+" AND "+stage+
				" ORDER BY e.updated_at, e.id LIMIT "+lim+") w"+strconv.Itoa(n))
		}
	}
	// The page is taken from the merged ranges before the join, so that
	// only its rows are joined (SQLite would otherwise join every range).
	q := `SELECT ` + entryColumns + `, p.slug, p.title FROM (` + strings.Join(parts, " UNION ALL ") +
		` ORDER BY updated_at, id LIMIT ` + lim + `) w
		JOIN entries e ON e.id = w.id LEFT JOIN users u ON u.id = e.user_id JOIN projects p ON p.id = e.project_id
		ORDER BY e.updated_at, e.id LIMIT ` + lim
	return q, b.args
}

// countWaiting counts the waiting entries of orgs and cos, each stage and
// group on its index, up to furusato.WaitingCountCap+1.
func (c *conn) countWaiting(ctx context.Context, orgs, cos []int64, offeredBefore time.Time) (int, error) {
	var b builder
	stages := waitingStages(&b, offeredBefore)
	limit := b.arg(furusato.WaitingCountCap + 1)
	var groups []string
	if len(orgs) > 0 {
		groups = append(groups, "e.organization_id IN ("+b.ids(orgs)+")")
	}
	if len(cos) > 0 {
		g := "e.company_id IN (" + b.ids(cos) + ")"
		if len(orgs) > 0 {
			g += " AND e.organization_id NOT IN (" + b.ids(orgs) + ")"
		}
		groups = append(groups, g)
	}
	var parts []string
	for _, g := range groups {
		for _, s := range stages {
			parts = append(parts, "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM entries e WHERE "+g+" AND "+s+
				" LIMIT "+limit+") c"+strconv.Itoa(len(parts))+")")
		}
	}
	total := 0
	err := c.q.QueryRowContext(ctx, "SELECT "+strings.Join(parts, " + "), b.args...).Scan(&total)
	return min(total, furusato.WaitingCountCap+1), wrap("count waiting entries", err)
}

// organizationIDs returns the id of every organisation.
func (c *conn) organizationIDs(ctx context.Context) ([]int64, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT id FROM organizations ORDER BY id`)
	if err != nil {
		return nil, wrap("list organization ids", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("list organization ids", err)
		}
		out = append(out, id)
	}
	return out, wrap("list organization ids", rows.Err())
}

// uniqueIDs returns the positive ids of ids, sorted, each once.
func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
