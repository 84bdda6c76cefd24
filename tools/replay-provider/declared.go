package main

import (
	"sync"
)

// declarations remembers the Atlas service regions the current configuration declares. The
// engine validates every resource before it plans, and a cluster the world file gives no
// regions has its nodes where the configuration puts endpoints: so a plan-time read of the
// cluster (before any service exists) already sees those regions. The first validation in a
// provider process replaces what an earlier command declared.
type declarations struct {
	once sync.Once
	mu   sync.Mutex
}

const declaredType = "replay_declared_region"

func (d *declarations) note(store *Store, config map[string]any) error {
	project := str(config, "project_id")
	azure, _, ok := regionForms(str(config, "region"))
	if project == "" || !ok {
		return nil // unknown yet: nothing to remember
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return store.Update(func(records []*Record) ([]*Record, error) {
		d.once.Do(func() {
			kept := records[:0]
			for _, r := range records {
				if r.Type != declaredType {
					kept = append(kept, r)
				}
			}
			records = kept
		})
		id := project + "/" + azure
		if find(records, declaredType, id) >= 0 {
			return records, nil
		}
		return append(records, &Record{Type: declaredType, ID: id, State: map[string]any{"project_id": project, "region": azure}}), nil
	})
}

// declaredRegions: the regions the configuration declares for a project, and those of its services.
func declaredRegions(records []*Record, project string) []string {
	var regions []string
	for _, r := range records {
		if (r.Type == declaredType || r.Type == "mongodbatlas_privatelink_endpoint") && str(r.State, "project_id") == project {
			if azure, _, ok := regionForms(str(r.State, "region")); ok {
				regions = append(regions, azure)
			}
		}
	}
	return sortedUnique(regions)
}
