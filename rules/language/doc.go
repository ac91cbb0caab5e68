// Package language reads what people write in client work — mail, Jira and
// GitHub comments — and decides the labels of the classify contract
// (shared/spec/classify.md): whether a message commits to something and by
// when, deflects, asks for something, or calls the work a priority. The
// rules broken-promise, slipped-deadline, deflection, untracked-request and
// idle-priority read these labels through rules.Reader.
//
// Reading is lexical and per sentence. NewPart first drops quoted history
// and signatures and normalises typography; the text is then split into
// tokens with contractions expanded ("won't" → "will not") and into
// sentences. A commitment is a subject (I, we, our team, a named person)
// followed by a future modal ("will", "going to", "let me") and an action
// verb, outside questions, negations, wishes ("hopefully") and reported
// speech ("you said we'd"). Request and priority are small phrase
// lexicons with slots for a party ("talk to $N"), compiled once at
// start-up and indexed by first word; negation is looked for in the words
// just before a match. Deflection is those idioms, then a grammar of who
// is made responsible (grammar.go: attribution, disowning, redirect), then
// a logistic regression over what the grammar leaves (model.go, its
// weights embedded and trained by TestTrainDeflectionModel -train). No
// regular expressions run per message: a message is read in one pass over
// its tokens, well above 20 MB/s per core.
//
// The due-time resolver is our own table, not github.com/olebedev/when.
// Measured against the contract, when v1.1.0 resolves "tomorrow morning" to
// 08:00 (the contract says 12:00, the latest moment the words allow), "this
// afternoon" to 15:00 (contract 18:00), "by Friday" said on a Friday to the
// following week, "by 10am" said at 16:00 to 10:00 that same, passed
// morning, knows no "end of the week", and adds 24-hour durations for
// "tomorrow" and "in 3 days", which lands an hour off across a DST change
// (2026-03-07 10:00 New York "tomorrow" → 11:00 next day). Every one of those
// would need a rule on top, and the rules on top are the whole table. So the
// resolver here is a dozen functions, one per row of the table: days are
// built with time.Date on the calendar day in the sender's zone (DST changes
// and year ends come right by construction), "in N hours" is the only row
// that adds a duration, because it is one. Typos of time words within one
// edit ("afternon", "tomorow") are corrected before lookup.
//
// Besides modal commitments, ownership phrases without a modal ("I'm on it",
// "leave it with me") commit, and a wish anywhere in the promise's clause
// ("…next week, hopefully", "fingers crossed", "no promises") cancels it.
// testdata/heldout.jsonl was labelled from the contract before the code was
// read and is held to the same 0.95 bar as the other sets; so is
// testdata/blind.jsonl, a second such set of mail-shaped messages
// (greetings, signatures, quoted history, Outlook headers, typos), and
// testdata/blind2.jsonl, a third from other writers (GitHub developers,
// support desks, producers, clients' chasers and acknowledgements).
//
// Developers and support desks commit and deflect in their own words: "PR
// incoming tomorrow", "assigning to myself, ETA Thursday" and "our ETA is
// Friday" commit (an ETA only with a time, and not someone else's: "ETA
// from the vendor"); "we've escalated this to our vendor", "outside the
// scope of our SLA", "owned by the identity team", "needs someone from
// infra", "an issue on your end" deflect. A sign-off line ("Kind
// regards,") followed by a line that is only a name starts the signature,
// so a title or a "Urgent queries: call …" line below it is not read; a
// P.S. after it is.
//
// Due is the latest moment the words allow, as the contract says, also when
// a commitment names several times ("I'll raise it at our 2pm and come back
// to you this afternoon" is due at 18:00) or a message holds several
// commitments ("I'll ask her today and come back to you by tomorrow" is due
// tomorrow): reading the earliest would report promises as broken that the
// words did not make. A clause that gives a reason or speaks of something
// else ("..., the launch is on Friday", "because ...") adds no time, nor does
// the event after "before"/"ahead of" once the promise has its own time ("by
// end of the week, well before your audit on the 30th").
//
// testdata/blind3.jsonl, a fourth set written before the code was read,
// weighs deflection and its near-misses. Deflection also covers not knowing
// who ("not sure who handles that", "ask whoever set it up"), the limits of
// one's own job ("I only work on the front end", "moved off this account"),
// rules that are not the speaker's ("policy doesn't allow us", "restricted
// under our security policy"), and work owned elsewhere ("Marta's team looks
// after that", "in Apple's hands", "needs to be sorted out by your
// developers"). An @mention that asks a colleague to take the work hands it
// over and is no deflection. A priority word governed by a past or modal
// verb ("it was a P1", "might become urgent"), inside a condition, or taken
// back later in the sentence ("…, but it's been downgraded", "this one can
// wait") is no priority statement.
//
// testdata/blind4.jsonl, a fifth such set, added: work pointed elsewhere
// ("that would be your registrar", "something your procurement team needs
// to sort out", "tickets about SSO go to the identity team", "can't change
// that - company policy", "before I joined"); a matter someone else has
// taken up or finished ("she's on it", "they've already signed off", "it's
// already on your invoice") is no deflection; "cc'd" and "OK'd" are past
// tenses, not "would"; priority reported with "mentioned"/"told" or "per the
// customer,", governed by "would treat it as", or naming work the sentence
// calls done ("the urgent fix from Tuesday is deployed") is none; "I'm OOO
// until Friday" is an auto-reply; "Try the Facilities desk." sends the
// reader elsewhere and asks nothing of them.
package language
