package coord

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// Layers: the kinds of shared object. LayerObject is the one layer of a
// share table read with ReadShares.
const (
	LayerRepost   = "repost"
	LayerText     = "text"
	LayerURL      = "url"
	LayerHashtags = "hashtags"
	LayerMedia    = "media"
	LayerObject   = "object"
)

// AllLayers lists every layer in column order (edges.csv, GraphML keys).
var AllLayers = []string{LayerRepost, LayerText, LayerURL, LayerHashtags, LayerMedia, LayerObject}

// Edge weight definitions.
const (
	// WeightObjects counts distinct objects co-shared within the window
	// (one account re-sharing one object three times still counts once).
	WeightObjects = "objects"
	// WeightMessages counts co-share pairs (CooRTweet's and QUT's weight:
	// each pair of messages within the window counts).
	WeightMessages = "messages"
)

// Config sets what counts as coordination. The zero value of a field means
// its default (see Defaults).
type Config struct {
	// TimeWindow is the most time between two shares of one object for them
	// to count as a co-share; the boundary is inclusive (|Δt| ≤ window).
	TimeWindow time.Duration
	// MinEdgeWeight drops edges lighter than this from the graph.
	MinEdgeWeight int
	// Weight is WeightObjects or WeightMessages.
	Weight string
	// Similarity is the least Jaccard similarity of two texts' character
	// 5-gram sets for them to be the same text object.
	Similarity float64
	// Layers restricts the layers used (nil: all that the input has).
	Layers []string
	// MaxPairsPerObject bounds the co-share pairs enumerated for a single
	// object, so that one viral object cannot blow up time and memory;
	// pairs beyond it are counted in Stats.PairsSkipped.
	MaxPairsPerObject int
	// MemoryBudget bounds the bytes held by the large structures — share
	// records, object keys and texts, the edge table, verified text pairs —
	// each of which spills to temporary files when its share is full
	// (README.md, "Scale"). Go's heap headroom is on top: set GOMEMLIMIT
	// near the budget to bound the process.
	MemoryBudget int64
	// TempDir holds spill files ("" for os.TempDir()).
	TempDir string
	// NullHorizon is the least time over which the null model spreads an
	// object's shares (see README.md, "Null model").
	NullHorizon time.Duration
	// MinTextRunes skips texts whose normalised form is shorter: short
	// texts ("thanks!") are identical by chance.
	MinTextRunes int
	// Groups, when set, names the designated groups a post's content
	// mentions; clusters report them.
	Groups func(it rampart.Item) []string
}

// Defaults returns the default configuration.
func Defaults() Config {
	return Config{
		TimeWindow:        60 * time.Second,
		MinEdgeWeight:     2,
		Weight:            WeightObjects,
		Similarity:        0.8,
		MaxPairsPerObject: 200_000,
		MemoryBudget:      256 << 20,
		NullHorizon:       24 * time.Hour,
		MinTextRunes:      30,
	}
}

// withDefaults fills zero fields from Defaults.
func (c Config) withDefaults() Config {
	d := Defaults()
	if c.TimeWindow == 0 {
		c.TimeWindow = d.TimeWindow
	}
	if c.MinEdgeWeight == 0 {
		c.MinEdgeWeight = d.MinEdgeWeight
	}
	if c.Weight == "" {
		c.Weight = d.Weight
	}
	if c.Similarity == 0 {
		c.Similarity = d.Similarity
	}
	if c.MaxPairsPerObject == 0 {
		c.MaxPairsPerObject = d.MaxPairsPerObject
	}
	if c.MemoryBudget == 0 {
		c.MemoryBudget = d.MemoryBudget
	}
	if c.NullHorizon == 0 {
		c.NullHorizon = d.NullHorizon
	}
	if c.MinTextRunes == 0 {
		c.MinTextRunes = d.MinTextRunes
	}
	return c
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.TimeWindow < 0 {
		errs = append(errs, fmt.Errorf("time window %v: must not be negative", c.TimeWindow))
	}
	if c.MinEdgeWeight < 0 {
		errs = append(errs, fmt.Errorf("min edge weight %d: must not be negative", c.MinEdgeWeight))
	}
	if c.Weight != "" && c.Weight != WeightObjects && c.Weight != WeightMessages {
		errs = append(errs, fmt.Errorf("weight %q: want %q or %q", c.Weight, WeightObjects, WeightMessages))
	}
	if c.Similarity < 0 || c.Similarity > 1 {
		errs = append(errs, fmt.Errorf("similarity %v: must be in [0,1]", c.Similarity))
	}
	for _, l := range c.Layers {
		if !slices.Contains(AllLayers, l) {
			errs = append(errs, fmt.Errorf("layer %q: want one of %s", l, strings.Join(AllLayers, ", ")))
		}
	}
	if c.MaxPairsPerObject < 0 {
		errs = append(errs, fmt.Errorf("max pairs per object %d: must not be negative", c.MaxPairsPerObject))
	}
	if c.MemoryBudget < 0 {
		errs = append(errs, fmt.Errorf("memory budget %d: must not be negative", c.MemoryBudget))
	}
	if c.NullHorizon < 0 {
		errs = append(errs, fmt.Errorf("null horizon %v: must not be negative", c.NullHorizon))
	}
	return errors.Join(errs...)
}

func (c Config) uses(layer string) bool {
	return len(c.Layers) == 0 || slices.Contains(c.Layers, layer)
}

// layerIndex maps a layer name to its index in AllLayers.
func layerIndex(l string) int { return slices.Index(AllLayers, l) }

const nLayers = 6
