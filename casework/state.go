package casework

import "github.com/rampart-tt/rampart"

// next lists the one status each status may move to: a case goes open →
// in_review → decided → closed and never back, so that a decision, once
// taken, is changed only by a new case (or, later, an appeal).
var next = map[rampart.CaseStatus]rampart.CaseStatus{
	rampart.CaseOpen:     rampart.CaseInReview,
	rampart.CaseInReview: rampart.CaseDecided,
	rampart.CaseDecided:  rampart.CaseClosed,
}

// CanMove reports whether a case may go from one status to another.
func CanMove(from, to rampart.CaseStatus) bool { return next[from] == to && to != "" }

// validStatus reports whether s is a case status.
func validStatus(s rampart.CaseStatus) bool {
	switch s {
	case rampart.CaseOpen, rampart.CaseInReview, rampart.CaseDecided, rampart.CaseClosed:
		return true
	}
	return false
}
