package wptest

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestFakeMaxWorkers(t *testing.T) {
	s := NewServer(WithMaxWorkers(1))
	defer s.Close()
	s.Fail("/wp/v2/posts", Delay(time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/wp-json/wp/v2/posts", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		slow <- err
	}()
	for s.Count("/wp/v2/posts") == 0 {
		time.Sleep(time.Millisecond)
	}
	fast := make(chan int, 1)
	go func() {
		resp, err := http.Get(s.URL + "/wp-json/")
		if err != nil {
			fast <- 0
			return
		}
		resp.Body.Close()
		fast <- resp.StatusCode
	}()
	select {
	case <-fast:
		t.Fatal("a second request was answered while the only worker was busy")
	case <-time.After(200 * time.Millisecond):
	}
	cancel() // the slow request goes away and frees the worker
	<-slow
	if code := <-fast; code != http.StatusOK {
		t.Errorf("the waiting request answered %d", code)
	}
}
