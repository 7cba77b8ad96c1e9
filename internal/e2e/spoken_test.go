package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// TestSpoken_WhatAScreenReaderGets: the names Chromium's accessibility
// tree gives (what a screen reader says), with axe-core on every page:
// a required field's label without 「※」, the phone's filter bar as a
// sentence rather than 「かっこ 2」, and a home page without region
// landmarks but with its search landmark.
func TestSpoken_WhatAScreenReaderGets(t *testing.T) {
	s := startSite(t)
	j := s.journey(t, testkit.NewBrowser(t))

	j.open("/account/signup")
	if name := j.accessibleName("#email"); name != "メールアドレス必須" {
		t.Errorf("the e-mail field is called %q", name)
	}

	j.do(testkit.Phone())
	j.open("/projects?prefecture=gifu&remote=1")
	// Chromium puts a space where the hidden count was; a reader pauses there anyway.
	if name := strings.ReplaceAll(j.accessibleName("a.filter-bar"), " ", ""); name != "絞り込み、2件の条件を指定中" {
		t.Errorf("the filter bar is called %q", name)
	}

	j.do(testkit.Desktop())
	j.open("/")
	if n := j.roleCount("region"); n != 0 {
		t.Errorf("the home page has %d region landmarks", n)
	}
	if n := j.roleCount("search"); n != 1 {
		t.Errorf("the home page has %d search landmarks", n)
	}
}

// accessibleName is the name Chromium computes for the element sel (a CSS
// selector) of the current page.
func (j *journey) accessibleName(sel string) string {
	j.t.Helper()
	for _, n := range j.axNodes(sel, false) {
		if n.Name != nil {
			var s string
			if err := json.Unmarshal(n.Name.Value, &s); err != nil {
				j.t.Fatalf("name of %s: %v", sel, err)
			}
			return strings.TrimSpace(s)
		}
	}
	j.t.Fatalf("%s has no accessible node", sel)
	return ""
}

// roleCount is how many nodes of the page's accessibility tree, those not
// ignored, have role.
func (j *journey) roleCount(role string) int {
	j.t.Helper()
	c := 0
	for _, n := range j.axNodes("body", true) {
		if !n.Ignored && n.Role != nil && strings.Trim(string(n.Role.Value), `"`) == role {
			c++
		}
	}
	return c
}

// axNodes returns the accessibility node of the element sel, with its
// subtree when all is true.
func (j *journey) axNodes(sel string, all bool) []*accessibility.Node {
	j.t.Helper()
	ev, err := chromedp.Call(j.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: "document.querySelector(" + jsString(sel) + ")"})
	if err != nil || ev.Result == nil || ev.Result.ObjectID == "" {
		j.t.Fatalf("finding %s on %s: %v", sel, location(j), err)
	}
	if all {
		res, err := chromedp.Call(j.ctx, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{ObjectID: ev.Result.ObjectID})
		if err != nil {
			j.t.Fatalf("accessibility tree of %s: %v", sel, err)
		}
		return res.Nodes
	}
	no := false
	res, err := chromedp.Call(j.ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: ev.Result.ObjectID, FetchRelatives: &no})
	if err != nil {
		j.t.Fatalf("accessibility node of %s: %v", sel, err)
	}
	return res.Nodes
}
