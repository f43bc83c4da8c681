package classify

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// Model file layout (all integers little-endian):
//
//	magic        8 bytes  "RAMPCLF\n"
//	format       uint32   FormatVersion
//	header len   uint32   at most maxHeader
//	header       JSON     Meta
//	payload len  uint32   at most maxPayload
//	payload      DEFLATE of: K float32 biases, then 2^k × K float16 weights
//	             (K = the number of labels in the header, 6 for the default)
//	             stored as two byte planes (all low bytes, then all high
//	             bytes), which compresses much better than interleaved
//	checksum     32 bytes SHA-256 of everything before it
//
// The checksum is verified before anything else is parsed.
const (
	modelMagic = "RAMPCLF\n"
	// FormatVersion is the model file format this build reads and writes.
	FormatVersion = 1
	maxHeader     = 1 << 20
	maxPayload    = 256 << 20
)

// ErrFormatVersion is wrapped by Load when a file has another format version.
var ErrFormatVersion = errors.New("unsupported model file format version")

// WriteTo writes the model file.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	b, err := m.encode()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	if err != nil {
		return int64(n), fmt.Errorf("write model: %w", err)
	}
	return int64(n), nil
}

// Save writes the model file to path.
func (m *Model) Save(path string) error {
	b, err := m.encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

func (m *Model) encode() ([]byte, error) {
	hdr, err := json.Marshal(m.meta)
	if err != nil {
		return nil, fmt.Errorf("encode model header: %w", err)
	}
	k := m.k
	nw := (len(m.w) / rowStride) * k
	raw := make([]byte, 4*k+2*nw)
	for c := range k {
		binary.LittleEndian.PutUint32(raw[4*c:], math.Float32bits(m.bias[c]))
	}
	lo := raw[4*k : 4*k+nw]
	hi := raw[4*k+nw:]
	for i := range nw {
		h := toHalf(m.w[(i/k)*rowStride+i%k])
		lo[i] = byte(h)
		hi[i] = byte(h >> 8)
	}
	var pay bytes.Buffer
	zw, err := flate.NewWriter(&pay, flate.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("encode model weights: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("encode model weights: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode model weights: %w", err)
	}
	if pay.Len() > maxPayload {
		return nil, fmt.Errorf("encode model: compressed weights are %d bytes, over the %d limit: use fewer buckets", pay.Len(), maxPayload)
	}
	var out bytes.Buffer
	out.WriteString(modelMagic)
	out.Write(binary.LittleEndian.AppendUint32(nil, FormatVersion))
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(hdr))))
	out.Write(hdr)
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(pay.Len())))
	out.Write(pay.Bytes())
	sum := sha256.Sum256(out.Bytes())
	out.Write(sum[:])
	return out.Bytes(), nil
}

// LoadFile reads a model file from disk.
func LoadFile(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	m, err := Load(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Load parses a model file. A file of another format version, a bad
// checksum, a truncated file or inconsistent contents are refused with an
// error saying which.
func Load(b []byte) (*Model, error) {
	if len(b) < len(modelMagic)+4 || string(b[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("load model: not a Rampart classifier model file (bad magic at offset 0)")
	}
	if v := binary.LittleEndian.Uint32(b[len(modelMagic):]); v != FormatVersion {
		return nil, fmt.Errorf("load model: %w %d at offset 8: this build reads version %d; retrain the model or use the Rampart release that wrote it", ErrFormatVersion, v, FormatVersion)
	}
	if len(b) < len(modelMagic)+4+4+4+sha256.Size {
		return nil, fmt.Errorf("load model: file is %d bytes, too short to be a model (truncated?)", len(b))
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("load model: checksum mismatch: the file is corrupt or truncated")
	}
	p := len(modelMagic) + 4
	hlen := int(binary.LittleEndian.Uint32(body[p:]))
	p += 4
	if hlen > maxHeader || p+hlen+4 > len(body) {
		return nil, fmt.Errorf("load model: header length %d at offset %d does not fit the file", hlen, p-4)
	}
	var meta Meta
	dec := json.NewDecoder(bytes.NewReader(body[p : p+hlen]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&meta); err != nil {
		return nil, fmt.Errorf("load model: header at offset %d: %w", p, err)
	}
	if err := meta.Features.Validate(); err != nil {
		return nil, fmt.Errorf("load model: header: %w", err)
	}
	p += hlen
	plen := int(binary.LittleEndian.Uint32(body[p:]))
	p += 4
	if plen > maxPayload || p+plen != len(body) {
		return nil, fmt.Errorf("load model: weights length %d at offset %d does not match the file size", plen, p-4)
	}
	if err := checkLabels(meta.Labels); err != nil {
		return nil, fmt.Errorf("load model: header: %w", err)
	}
	k := len(meta.Labels)
	nw := (1 << meta.Features.BucketsLog2) * k
	want := 4*k + 2*nw
	raw := make([]byte, want)
	zr := flate.NewReader(bytes.NewReader(body[p : p+plen]))
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, fmt.Errorf("load model: weights at offset %d: %w (want %d bytes for 2^%d buckets)", p, err, want, meta.Features.BucketsLog2)
	}
	if n, _ := zr.Read(make([]byte, 1)); n != 0 {
		return nil, fmt.Errorf("load model: weights at offset %d: more data than 2^%d buckets need", p, meta.Features.BucketsLog2)
	}
	var bias [NumLabels]float32
	for c := range k {
		bias[c] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*c:]))
		if math.IsNaN(float64(bias[c])) || math.IsInf(float64(bias[c]), 0) {
			return nil, fmt.Errorf("load model: bias %d is not finite", c)
		}
	}
	lo := raw[4*k : 4*k+nw]
	hi := raw[4*k+nw:]
	w := make([]float32, (1<<meta.Features.BucketsLog2)*rowStride)
	for i := range nw {
		v := fromHalf(uint16(lo[i]) | uint16(hi[i])<<8)
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("load model: weight %d (bucket %d, label %d) is not finite", i, i/k, i%k)
		}
		w[(i/k)*rowStride+i%k] = v
	}
	m, err := newModel(meta, w, bias)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	m.version = versionOf(b)
	return m, nil
}

func versionOf(file []byte) string {
	s := sha256.Sum256(file)
	return "clf-" + hex.EncodeToString(s[:])[:12]
}
