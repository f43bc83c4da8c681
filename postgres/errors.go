package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNewerSchema: the database was written by a newer Rampart.
var ErrNewerSchema = errors.New("database schema is newer than this build")

// wrap turns a driver error into one that says what to do about it. A
// cancelled or expired ctx is reported as such, so errors.Is(err,
// context.Canceled) holds whatever the driver said.
func (s *Store) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctx != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%s: %w (%v)", op, ctx.Err(), err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code[:2] {
		case "28": // invalid authorization
			return fmt.Errorf("%s: PostgreSQL at %s refused the login; check the user and password in the URL (%w)", op, s.where, err)
		case "3D": // invalid catalog name
			return fmt.Errorf("%s: database at %s does not exist; create it (createdb) or fix the URL (%w)", op, s.where, err)
		case "42":
			if pe.Code == "42501" {
				return fmt.Errorf("%s: the PostgreSQL user may not do this at %s; grant it rights on the schema (%w)", op, s.where, err)
			}
		case "53":
			return fmt.Errorf("%s: PostgreSQL at %s is out of resources (disk, memory or connections); free some and retry (%w)", op, s.where, err)
		case "57", "08":
			return fmt.Errorf("%s: PostgreSQL at %s went away; retry when it is back (%w)", op, s.where, err)
		}
		return fmt.Errorf("%s: %s: %w", op, s.where, err)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: cannot connect to PostgreSQL at %s; check that the server runs and the URL is right (%w)", op, s.where, err)
	}
	return fmt.Errorf("%s: %s: %w", op, s.where, err)
}
