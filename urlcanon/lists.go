package urlcanon

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that identify the click, campaign or
// sharer rather than the resource. They are removed everywhere:
//
//	utm_*            Google Analytics campaign tags (any utm_ prefix)
//	fbclid           Facebook click id
//	gclid, dclid,
//	gbraid, wbraid   Google Ads click ids
//	msclkid          Microsoft Ads click id
//	yclid            Yandex click id
//	igshid, igsh     Instagram share id
//	mc_cid, mc_eid   Mailchimp campaign and recipient ids
//	_ga, _gl         Google Analytics linker
//	ref_src, ref_url Twitter embed referrer
//	twclid           X/Twitter click id
//	ttclid           TikTok click id
//	mkt_tok          Marketo token
//	oly_anon_id,
//	oly_enc_id       Omeda ids
//	__cft__, __tn__  Facebook tracking
//	vero_id, _hsenc,
//	_hsmi            email-platform ids
//	si               share id (YouTube, Spotify and others)
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "igshid": true, "igsh": true, "mc_cid": true,
	"mc_eid": true, "_ga": true, "_gl": true, "ref_src": true, "ref_url": true,
	"twclid": true, "ttclid": true, "mkt_tok": true, "oly_anon_id": true,
	"oly_enc_id": true, "__cft__": true, "__tn__": true, "vero_id": true,
	"_hsenc": true, "_hsmi": true, "si": true,
}

// hostTrackingParams are removed only on the hosts named, because elsewhere
// the same name can select content:
//
//	x.com        s, t (share source and sharer token)
//	youtube.com  feature, pp ("shared from", player params)
var hostTrackingParams = map[string]map[string]bool{
	"x.com":       {"s": true, "t": true},
	"youtube.com": {"feature": true, "pp": true},
	"youtu.be":    {"feature": true},
}

// stripTracking removes tracking parameters from q in place.
func stripTracking(host string, q url.Values) {
	local := hostTrackingParams[host]
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] || local[lk] {
			delete(q, k)
		}
	}
}

// shorteners are link-shortening services, by domain (after stripping
// www.). Their links hide the target; Canonical keeps them as themselves.
var shorteners = map[string]bool{
	"bit.ly": true, "bitly.com": true, "t.co": true, "tinyurl.com": true,
	"goo.gl": true, "ow.ly": true, "buff.ly": true, "is.gd": true,
	"cutt.ly": true, "rb.gy": true, "shorturl.at": true, "t.ly": true,
	"tiny.cc": true, "v.gd": true, "rebrand.ly": true, "bl.ink": true,
	"s.id": true, "lnkd.in": true, "fb.me": true, "dlvr.it": true,
	"trib.al": true, "shorte.st": true, "adf.ly": true, "soo.gd": true,
	"clck.ru": true, "qps.ru": true, "u.to": true, "tr.im": true,
	"x.co": true, "po.st": true, "ift.tt": true, "amzn.to": true,
	"wp.me": true, "linktr.ee": true, "short.gy": true, "shorturl.asia": true,
	"urlz.fr": true, "snip.ly": true, "t2m.io": true, "gg.gg": true,
}

// IsShortener reports whether domain (as in URL.Domain) is a known link
// shortener.
func IsShortener(domain string) bool { return shorteners[strings.ToLower(domain)] }
