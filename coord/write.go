package coord

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteClustersJSONL writes one cluster per line.
func WriteClustersJSONL(w io.Writer, cs []Cluster) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range cs {
		if err := enc.Encode(&cs[i]); err != nil {
			return fmt.Errorf("write cluster %s: %w", cs[i].ID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	return nil
}

// WriteEdgesCSV writes the edges with a header: the two accounts, weight,
// totals, per-layer distinct objects and messages, first and last co-share
// (RFC 3339) and the null-model expectation.
func WriteEdgesCSV(w io.Writer, edges []Edge) error {
	cw := csv.NewWriter(w)
	head := []string{"platform_a", "account_a", "platform_b", "account_b", "weight", "objects", "messages"}
	for _, l := range AllLayers {
		head = append(head, l+"_objects", l+"_messages")
	}
	head = append(head, "first", "last", "expected")
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("write edges: %w", err)
	}
	for _, e := range edges {
		row := []string{e.A.Platform, e.A.ID, e.B.Platform, e.B.ID, strconv.Itoa(e.Weight), strconv.Itoa(e.Objects), strconv.Itoa(e.Messages)}
		for _, l := range AllLayers {
			c := e.Layers[l]
			row = append(row, strconv.Itoa(c.Objects), strconv.Itoa(c.Messages))
		}
		row = append(row, e.First.Format(time.RFC3339), e.Last.Format(time.RFC3339), strconv.FormatFloat(e.Expected, 'g', 6, 64))
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write edges: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write edges: %w", err)
	}
	return nil
}

// WriteGraphML writes the graph as GraphML (graphml.graphdrawing.org), which
// Gephi, yEd, NetworkX and igraph open: nodes carry platform, account and
// cluster id; edges carry weight, objects, messages and per-layer counts.
func WriteGraphML(w io.Writer, edges []Edge, cs []Cluster) error {
	clusterOf := map[AccountRef]string{}
	for _, c := range cs {
		for _, m := range c.Members {
			clusterOf[m] = c.ID
		}
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	esc := func(s string) string {
		var b []byte
		b, _ = xmlEscape(b, s)
		return string(b)
	}
	p("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	p("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
	p("  <key id=\"platform\" for=\"node\" attr.name=\"platform\" attr.type=\"string\"/>\n")
	p("  <key id=\"account\" for=\"node\" attr.name=\"account\" attr.type=\"string\"/>\n")
	p("  <key id=\"cluster\" for=\"node\" attr.name=\"cluster\" attr.type=\"string\"/>\n")
	p("  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n")
	p("  <key id=\"objects\" for=\"edge\" attr.name=\"objects\" attr.type=\"int\"/>\n")
	p("  <key id=\"messages\" for=\"edge\" attr.name=\"messages\" attr.type=\"int\"/>\n")
	for _, l := range AllLayers {
		p("  <key id=\"%s_objects\" for=\"edge\" attr.name=\"%s_objects\" attr.type=\"int\"/>\n", l, l)
	}
	p("  <graph id=\"coordination\" edgedefault=\"undirected\">\n")
	ids := map[AccountRef]string{}
	node := func(a AccountRef) {
		if _, ok := ids[a]; ok {
			return
		}
		id := "n" + strconv.Itoa(len(ids))
		ids[a] = id
		p("    <node id=\"%s\"><data key=\"platform\">%s</data><data key=\"account\">%s</data><data key=\"cluster\">%s</data></node>\n",
			id, esc(a.Platform), esc(a.ID), esc(clusterOf[a]))
	}
	for _, e := range edges {
		node(e.A)
		node(e.B)
	}
	for i, e := range edges {
		p("    <edge id=\"e%d\" source=\"%s\" target=\"%s\"><data key=\"weight\">%d</data><data key=\"objects\">%d</data><data key=\"messages\">%d</data>",
			i, ids[e.A], ids[e.B], e.Weight, e.Objects, e.Messages)
		for _, l := range AllLayers {
			if c, ok := e.Layers[l]; ok {
				p("<data key=\"%s_objects\">%d</data>", l, c.Objects)
			}
		}
		p("</edge>\n")
	}
	p("  </graph>\n</graphml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write graphml: %w", err)
	}
	return nil
}

// xmlEscape escapes text for element content; invalid XML characters
// become U+FFFD so that the file always parses.
func xmlEscape(b []byte, s string) ([]byte, error) {
	var buf bytesWriter
	buf.b = b
	err := xml.EscapeText(&buf, []byte(s))
	return buf.b, err
}

type bytesWriter struct{ b []byte }

func (w *bytesWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
