package policy_test

import (
	rampart "github.com/rampart-tt/rampart"
)

// Signal builders shaped like the detectors' output documented in
// docs/policy.md.

func mention(group string, jurisdictions ...string) rampart.Signal {
	return rampart.Signal{Detector: rampart.DetectorDesignation, Kind: rampart.SignalMention,
		Entity: group, Group: group, Score: 1, Jurisdictions: jurisdictions}
}

// classifier builds a classifier signal whose primary label is label with
// probability p, the rest of the mass spread over probs.
func classifier(label string, p float64, others map[string]float64) rampart.Signal {
	probs := map[string]any{label: p}
	for k, v := range others {
		probs[k] = v
	}
	return rampart.Signal{Detector: rampart.DetectorClassifier, Kind: rampart.SignalClassifier,
		Score: p, Attrs: map[string]any{"label": label, "probs": probs}}
}

func hashMatch(group, opinion string, distance int, jurisdictions ...string) rampart.Signal {
	return rampart.Signal{Detector: rampart.DetectorHash, Kind: rampart.SignalHashMatch,
		Entity: group, Group: group, Score: 1 - float64(distance)/256, Jurisdictions: jurisdictions,
		Attrs: map[string]any{"opinion": opinion, "distance": distance, "signal_type": "pdq", "bank": "tcap"}}
}

func scored(kind, group string, score float64) rampart.Signal {
	det := map[string]string{rampart.SignalBotScore: rampart.DetectorBot,
		rampart.SignalBanEvasion: rampart.DetectorEvasion, rampart.SignalCoordinated: rampart.DetectorCoord}[kind]
	return rampart.Signal{Detector: det, Kind: kind, Group: group, Score: score}
}

var (
	postSubject    = rampart.Subject{Platform: rampart.PlatformX, Kind: rampart.KindPost, ID: "1790000000000000001"}
	accountSubject = rampart.Subject{Platform: rampart.PlatformX, Kind: rampart.KindAccount, ID: "4400001"}
	clusterSubject = rampart.Subject{Platform: rampart.PlatformTelegram, Kind: rampart.KindCluster, ID: "c-17"}
)

// lawful is the probability mass a confident propaganda classification
// leaves for the lawful labels.
var lowLawful = map[string]float64{"reporting": 0.02, "counter_speech": 0.01}

// registry is a tiny entity lookup: TTP (armed group, UN/PK), a rights
// movement on a national list, and BLF listed only in Pakistan.
func registry(id string) (rampart.Entity, bool) {
	e, ok := map[string]rampart.Entity{
		"ttp": {ID: "ttp", Name: "Tehrik-e Taliban Pakistan", Kind: rampart.EntityOrganisation, Group: "ttp",
			Category: rampart.CategoryArmedGroup},
		"ptm": {ID: "ptm", Name: "Pashtun Tahaffuz Movement", Kind: rampart.EntityOrganisation, Group: "ptm",
			Category: rampart.CategoryRightsMovement},
		"blf": {ID: "blf", Name: "Balochistan Liberation Front", Kind: rampart.EntityOrganisation, Group: "blf",
			Category: rampart.CategoryArmedGroup},
	}[id]
	return e, ok
}
