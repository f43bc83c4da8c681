package account

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Example is one labelled account for training: its features and whether it
// is automated or fake.
type Example struct {
	X   Vector
	Bot bool
}

// TrainOptions control Train. Zero values take the defaults noted.
type TrainOptions struct {
	L2 float64 // ridge penalty on the weights, not the bias (default 1)
	// MaskProb is the chance that each present feature is hidden in an extra,
	// augmented copy of every example, so that the missing indicators and
	// the remaining weights learn to cope with partial profiles (default 0:
	// no copies).
	MaskProb float64
	Seed     uint64 // for masking
	MaxIter  int    // Newton iterations (default 50)
}

// Train fits one head by L2-regularised logistic regression. The solver is
// Newton's method (iteratively reweighted least squares; Hastie, Tibshirani
// & Friedman, Elements of Statistical Learning §4.4.1): with at most a few
// dozen columns the exact Hessian is cheap, converges in a handful of steps
// and needs no learning-rate schedule, which L-BFGS or SGD would.
func Train(name string, features []string, data []Example, opt TrainOptions) (Head, error) {
	if opt.L2 == 0 {
		opt.L2 = 1
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = 50
	}
	d := len(features)
	idx := make([]int, d)
	for j, f := range features {
		i, ok := featureIndex[f]
		if !ok {
			return Head{}, fmt.Errorf("train head %s: unknown feature %q", name, f)
		}
		idx[j] = i
	}
	var pos, neg int
	for _, e := range data {
		if e.Bot {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return Head{}, fmt.Errorf("train head %s: need both classes, have %d bots and %d others", name, pos, neg)
	}
	if opt.MaskProb > 0 {
		data = augment(data, idx, opt)
	}
	h := Head{Name: name, Features: features, Mean: make([]float64, d), Std: make([]float64, d),
		Weights: make([]float64, d), Missing: make([]float64, d)}
	for j, i := range idx {
		var n, s, ss float64
		for _, e := range data {
			if e.X.Present[i] {
				x := e.X.Value[i]
				n, s, ss = n+1, s+x, ss+x*x
			}
		}
		if n > 0 {
			h.Mean[j] = s / n
			h.Std[j] = math.Sqrt(max(ss/n-h.Mean[j]*h.Mean[j], 0))
		}
		if h.Std[j] < 1e-9 {
			h.Std[j] = 1 // constant or absent: the weight will stay near 0
		}
	}
	// Design row: [1, z_1..z_d, m_1..m_d].
	p := 1 + 2*d
	rows := make([][]float64, len(data))
	ys := make([]float64, len(data))
	for r, e := range data {
		row := make([]float64, p)
		row[0] = 1
		for j, i := range idx {
			if e.X.Present[i] {
				row[1+j] = (e.X.Value[i] - h.Mean[j]) / h.Std[j]
			} else {
				row[1+d+j] = 1
			}
		}
		rows[r] = row
		ys[r] = b2f(e.Bot)
	}
	beta, err := newtonLogistic(rows, ys, opt.L2, opt.MaxIter)
	if err != nil {
		return Head{}, fmt.Errorf("train head %s: %w", name, err)
	}
	h.Bias = beta[0]
	copy(h.Weights, beta[1:1+d])
	copy(h.Missing, beta[1+d:])
	return h, nil
}

// augment appends one copy of every example with each present feature
// hidden with probability opt.MaskProb.
func augment(data []Example, idx []int, opt TrainOptions) []Example {
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6d61736b))
	out := make([]Example, 0, 2*len(data))
	out = append(out, data...)
	for _, e := range data {
		c := Example{X: Vector{Value: e.X.Value, Present: append([]bool(nil), e.X.Present...)}, Bot: e.Bot}
		for _, i := range idx {
			if rng.Float64() < opt.MaskProb {
				c.X.Present[i] = false
			}
		}
		out = append(out, c)
	}
	return out
}

// newtonLogistic minimises the mean log loss plus l2/(2n)·|β|² (bias not
// penalised) by Newton steps with step halving, stopping when the step is
// tiny.
func newtonLogistic(rows [][]float64, y []float64, l2 float64, maxIter int) ([]float64, error) {
	p := len(rows[0])
	beta := make([]float64, p)
	loss := func(b []float64) float64 {
		s := 0.0
		for r, row := range rows {
			z := dot(row, b)
			// log(1+e^z) - y z, computed stably.
			s += softplus(z) - y[r]*z
		}
		for k := 1; k < p; k++ {
			s += 0.5 * l2 * b[k] * b[k]
		}
		return s
	}
	cur := loss(beta)
	for range maxIter {
		g := make([]float64, p)
		H := make([][]float64, p)
		for k := range H {
			H[k] = make([]float64, p)
		}
		for r, row := range rows {
			mu := sigmoid(dot(row, beta))
			w := mu * (1 - mu)
			for a := range p {
				if row[a] == 0 {
					continue
				}
				g[a] += (mu - y[r]) * row[a]
				for b := a; b < p; b++ {
					H[a][b] += w * row[a] * row[b]
				}
			}
		}
		for a := range p {
			for b := 0; b < a; b++ {
				H[a][b] = H[b][a]
			}
			if a > 0 {
				g[a] += l2 * beta[a]
				H[a][a] += l2
			} else {
				H[a][a] += 1e-9
			}
		}
		step, err := choleskySolve(H, g)
		if err != nil {
			return nil, err
		}
		t := 1.0
		var next []float64
		var nl float64
		for range 30 {
			next = make([]float64, p)
			for k := range p {
				next[k] = beta[k] - t*step[k]
			}
			nl = loss(next)
			if nl <= cur {
				break
			}
			t /= 2
		}
		if nl > cur {
			break
		}
		beta = next
		done := cur-nl < 1e-10*(1+math.Abs(cur))
		cur = nl
		if done {
			break
		}
	}
	return beta, nil
}

func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// choleskySolve solves A x = b for a symmetric positive-definite A.
func choleskySolve(A [][]float64, b []float64) ([]float64, error) {
	n := len(A)
	L := make([][]float64, n)
	for i := range L {
		L[i] = make([]float64, n)
	}
	for i := range n {
		for j := 0; j <= i; j++ {
			s := A[i][j]
			for k := range j {
				s -= L[i][k] * L[j][k]
			}
			if i == j {
				if s <= 0 {
					return nil, fmt.Errorf("hessian is not positive definite at column %d; raise L2", i)
				}
				L[i][i] = math.Sqrt(s)
			} else {
				L[i][j] = s / L[j][j]
			}
		}
	}
	z := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= L[i][k] * z[k]
		}
		z[i] = s / L[i][i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := z[i]
		for k := i + 1; k < n; k++ {
			s -= L[k][i] * x[k]
		}
		x[i] = s / L[i][i]
	}
	return x, nil
}
