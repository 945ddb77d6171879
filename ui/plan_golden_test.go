package ui

import (
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/store"
)

// memPlans is a PlanStore in memory, for screens that must not depend on
// the clock (a saved plan shows when it was saved).
type memPlans struct {
	mu    sync.Mutex
	plans map[int]store.PlanOptions
}

func (p *memPlans) Plan(id int) (store.Plan, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	o, ok := p.plans[id]
	return store.Plan{PostID: id, Source: store.PlanByUser, Options: o}, ok, nil
}

func (p *memPlans) SetPlan(id int, o store.PlanOptions) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.plans == nil {
		p.plans = map[int]store.PlanOptions{}
	}
	p.plans[id] = o
	return nil
}

func (p *memPlans) CancelPlan(id int) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.plans[id]
	delete(p.plans, id)
	return ok, nil
}

// goldenPlan opens the plan form on the second post (a draft), runs more
// on the app, and compares the screen with the golden file.
func goldenPlan(t *testing.T, w, h int, more func(a *app)) {
	t.Helper()
	deps, _ := newPublishDeps(t)
	deps.Plans = &memPlans{}
	a := startApp(t, newFakeSource(40), deps, w, h)
	a.press("j")
	a.waitFor("Body of post 2")
	a.press("a")
	a.waitFor(planFormTitle, "┃ Medium status")
	if more != nil {
		more(a)
	}
	if err := a.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := a.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.View())))
}

func TestGoldenPlanForm80x24(t *testing.T) { goldenPlan(t, 80, 24, nil) }

func TestGoldenPlanForm200x50(t *testing.T) { goldenPlan(t, 200, 50, nil) }

// The review after the form: what the plan saves, and s to save it.
func TestGoldenPlanReview80x24(t *testing.T) {
	goldenPlan(t, 80, 24, func(a *app) {
		a.field("License", "down", "down", "enter") // Unlisted
		a.field("Publication", "enter")
		a.field("Notify your Medium followers?", "enter")
		a.field("Keep the post's original date?", "enter")
		a.field("Tags (Medium uses 3)", "enter")
		a.field("Other tags", "enter")
		a.field("Cross-link?", "enter")
		a.press("enter")
		a.waitFor("This plan will be saved", "s save the plan")
	})
}
