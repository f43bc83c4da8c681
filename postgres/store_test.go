package postgres_test

import (
	"testing"

	"github.com/rampart-tt/rampart/storetest"
)

func TestConformance(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) storetest.Store { return openTemp(t) })
}
