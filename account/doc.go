// Package account scores accounts as likely automated or fake (a bot score
// with per-feature explanations) and matches new accounts against removed
// ones to find ban evasion.
//
// The bot score is a logistic regression over profile and activity features
// in the spirit of BotometerLite (Yang et al., "Scalable and Generalizable
// Social Bot Detection through Data Selection", AAAI 2020): cheap features
// that need only the profile, plus activity features when posts are at hand.
// Two heads are shipped, chosen by what is available: "profile" when there
// are no posts and "activity" when there are. Features that cannot be
// computed are mean-imputed in standardised space, flagged by a missing
// indicator, and listed in the explanation. Language, time zone and crawl
// dates are never used: they separate the classes in public bot data for
// reasons that have nothing to do with automation.
//
// Ban evasion keeps an EvasionIndex of removed accounts. A new account is
// compared only with candidates that share a blocking key (handle and name
// trigrams, avatar hash chunks, bio MinHash bands, rare links and hashtags),
// never with every removed account, and each candidate is scored from the
// evidence found. See README.md for the model card and measured figures.
package account
