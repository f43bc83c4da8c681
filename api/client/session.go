package client

import (
	"context"
	"strconv"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
)

// SetPassword sets the console password of user id (one's own, or any
// user's for an admin).
func (c *Client) SetPassword(ctx context.Context, id int64, password string) (rampart.User, error) {
	var u rampart.User
	return u, c.Do(ctx, "POST", "/api/v1/users/"+strconv.FormatInt(id, 10)+"/password", nil, api.PasswordChange{Password: password}, &u)
}
