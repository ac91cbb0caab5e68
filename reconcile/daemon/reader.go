package daemon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// cachingReader reads each text once: a reading depends only on the text
// and the moment (with its zone) it was sent, so it is kept by both, in
// memory and, through fresh, in the store.
type cachingReader struct {
	next rules.Reader
	salt string
	mu   sync.Mutex
	held map[string]rules.Reading
	news map[string]rules.Reading
}

func newCachingReader(next rules.Reader, salt string, held map[string]rules.Reading) *cachingReader {
	if held == nil {
		held = map[string]rules.Reading{}
	}
	return &cachingReader{next: next, salt: salt, held: held, news: map[string]rules.Reading{}}
}

// readingSalt names what a reading depends on besides its text and
// moment: the reader's version, and the organisation's people and teams
// (the reader knows who is on the team by name).
func readingSalt(version string, org *model.Org) string {
	h := sha256.New()
	h.Write([]byte(version + "\n"))
	if org != nil {
		for _, p := range org.People {
			fmt.Fprintf(h, "%s\x00%s\x00%s\n", p.ID, p.Name, p.Team)
		}
		for _, t := range org.Teams {
			fmt.Fprintf(h, "%s\x00%s\n", t.Name, t.Lead)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// ReadingKey is the key of a text's reading: a hash of the salt, the text
// and the moment it was sent, with its zone.
func ReadingKey(salt, text string, sent time.Time) string {
	h := sha256.New()
	h.Write([]byte(salt + "\n"))
	h.Write([]byte(sent.Format(time.RFC3339Nano) + " " + sent.Location().String() + "\n"))
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

func (c *cachingReader) Read(text string, sent time.Time) rules.Reading {
	key := ReadingKey(c.salt, text, sent)
	c.mu.Lock()
	r, ok := c.held[key]
	c.mu.Unlock()
	if ok {
		return r
	}
	r = c.next.Read(text, sent)
	c.mu.Lock()
	c.held[key] = r
	c.news[key] = r
	c.mu.Unlock()
	return r
}

// fresh returns the readings made since the last call, to be stored.
func (c *cachingReader) fresh() map[string]rules.Reading {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.news
	c.news = map[string]rules.Reading{}
	return out
}
