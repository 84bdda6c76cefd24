package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Record is one created object of the simulated cloud.
type Record struct {
	Type      string         `json:"type"`
	ID        string         `json:"id"`
	ImportIDs []string       `json:"import_ids,omitempty"`
	State     map[string]any `json:"state"`
}

// check is what every reader relies on: a record object with a type, an id and a state object.
func (r *Record) check() error {
	switch {
	case r == nil:
		return fmt.Errorf(" is null, expected an object with type, id and state")
	case r.Type == "":
		return fmt.Errorf(".type is missing or empty")
	case r.ID == "":
		return fmt.Errorf(".id is missing or empty")
	case r.State == nil:
		return fmt.Errorf(".state is missing or null, expected an object")
	}
	return nil
}

// Store keeps what was created between engine commands (plan, apply, output, destroy run in
// separate provider processes): one JSON file per provider in the state folder, changed under
// an exclusive file lock so concurrent operations and processes see each other's writes.
type Store struct {
	Dir      string
	Provider string
}

func (s *Store) file() string { return filepath.Join(s.Dir, s.Provider+".json") }

// View runs fn on the records under a shared lock.
func (s *Store) View(fn func([]*Record) error) error {
	return s.locked(syscall.LOCK_SH, func() error {
		records, err := s.read()
		if err != nil {
			return err
		}
		return fn(records)
	})
}

// Update runs fn under an exclusive lock and writes the records back when fn succeeds.
func (s *Store) Update(fn func([]*Record) ([]*Record, error)) error {
	return s.locked(syscall.LOCK_EX, func() error {
		records, err := s.read()
		if err != nil {
			return err
		}
		if records, err = fn(records); err != nil {
			return err
		}
		return s.write(records)
	})
}

func (s *Store) locked(how int, fn func() error) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("replay state folder %s: %v", s.Dir, err)
	}
	lock, err := os.OpenFile(filepath.Join(s.Dir, s.Provider+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("replay state folder %s: %v", s.Dir, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), how); err != nil {
		return fmt.Errorf("replay state lock %s: %v", lock.Name(), err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	return fn()
}

func (s *Store) read() ([]*Record, error) {
	raw, err := os.ReadFile(s.file())
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("replay state %s: %v", s.file(), err)
	}
	var doc struct {
		Records []*Record `json:"records"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("replay state %s is corrupt (%v): delete the folder %s to start from an empty cloud", s.file(), err, s.Dir)
	}
	for i, r := range doc.Records {
		if err := r.check(); err != nil {
			return nil, fmt.Errorf("replay state %s is corrupt: records[%d]%s: delete the folder %s to start from an empty cloud", s.file(), i, err, s.Dir)
		}
	}
	return doc.Records, nil
}

func (s *Store) write(records []*Record) error {
	if records == nil {
		records = []*Record{}
	}
	raw, err := json.MarshalIndent(map[string]any{"records": records}, "", "  ")
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp.%d", s.file(), os.Getpid())
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("replay state %s: %v", s.file(), err)
	}
	return os.Rename(tmp, s.file())
}

// find returns the index of the record of type t whose id or one import id equals id.
func find(records []*Record, t, id string) int {
	for i, r := range records {
		if r.Type != t {
			continue
		}
		if r.ID == id || contains(r.ImportIDs, id) {
			return i
		}
	}
	return -1
}

func ofType(records []*Record, t string) []*Record {
	var out []*Record
	for _, r := range records {
		if r.Type == t {
			out = append(out, r)
		}
	}
	return out
}
