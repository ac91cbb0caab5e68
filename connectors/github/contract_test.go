package github

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/connectors/scenario"
)

// The contract: every request the connector makes and every answer the
// fake gives is checked against GitHub's own description of its REST API
// (../shared/api/github-rest-subset.json, API version 2022-11-28).

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error
)

// apiDir finds ../shared/api through OWNERD_SHARED, like the other tests
// of the shared contract; without it the test fails rather than skip.
func apiDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip: the contract tests do not run")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	dir = filepath.Join(dir, "api")
	if _, err := os.Stat(filepath.Join(dir, "github-rest-subset.json")); err != nil {
		t.Fatalf("the shared folder's api/ (the official API descriptions, beside this repository) is not at %s: set OWNERD_SHARED, or OWNERD_SHARED=skip to leave these tests out: %v", dir, err)
	}
	return dir
}

func router(t *testing.T) routers.Router {
	t.Helper()
	dir := apiDir(t)
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(dir, "github-rest-subset.json"))
		if err != nil {
			contractErr = err
			return
		}
		// The description names GitHub's servers; the fake is on loopback.
		// (It does not pass doc.Validate as a whole: its examples fail it.)
		doc.Servers = nil
		contractRouter, contractErr = gorillamux.NewRouter(doc)
	})
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractRouter
}

// recorder captures an answer for validation.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// validating checks each request and answer, and collects what breaks the
// contract.
func validating(t *testing.T, problems *[]string, mu *sync.Mutex) func(http.Handler) http.Handler {
	rt := router(t)
	opts := &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError:         true,
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := readAll(r)
			v3 := r.Clone(context.Background())
			v3.Body = newBody(body)
			route, params, err := rt.FindRoute(v3)
			report := func(what string, err error) {
				mu.Lock()
				*problems = append(*problems, fmt.Sprintf("%s %s: %s: %v", r.Method, r.URL.Path, what, err))
				mu.Unlock()
			}
			if err != nil {
				report("no such operation", err)
				next.ServeHTTP(w, r)
				return
			}
			in := &openapi3filter.RequestValidationInput{Request: v3, PathParams: params, Route: route, Options: opts}
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				report("request", err)
			}
			r.Body = newBody(body)
			rec := &recorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.status, Header: rec.Header(), Options: opts}
			out.SetBodyBytes(rec.body.Bytes())
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				report(fmt.Sprintf("answer %d", rec.status), err)
			}
		})
	}
}

// TestContract runs every kind of request the connector makes through a
// fake whose every exchange is validated against GitHub's description.
func TestContract(t *testing.T) {
	var mu sync.Mutex
	var problems []string
	sc, err := scenario.Parse("org.yaml", []byte(org))
	if err != nil {
		t.Fatal(err)
	}
	fake := githubtest.New(sc.Items, sc.Org, githubtest.WithMiddleware(validating(t, &problems, &mu)))
	defer fake.Close()
	c, err := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	_, st, err := c.Sync(ctx, sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Sync(ctx, sc.Org, st); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Post(ctx, "agency/site", 42, Comment{Body: "first", Deliverable: "jira:MKT-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Post(ctx, "agency/site", 42, Comment{Body: "second", Deliverable: "jira:MKT-1"}); err != nil {
		t.Fatal(err)
	}
	app, err := New(Config{URL: fake.URL, AppID: 42, InstallationID: 7, PrivateKeyFile: appKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Poll(ctx, sc.Org); err != nil {
		t.Fatal(err)
	}
	byOrg, _ := New(Config{URL: fake.URL, Org: "agency"}, WithToken("t"))
	if _, err := byOrg.Poll(ctx, sc.Org); err != nil {
		t.Fatal(err)
	}
	routes := fake.Stats().Routes
	if len(routes) < 10 {
		t.Errorf("only %d routes exercised: %v", len(routes), routes)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}

func readAll(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	defer r.Body.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	return b.Bytes(), err
}

func newBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
