package language

// Deflection: words that hand responsibility to someone else and offer no
// next step. They count only outside questions ("were you just pushing it
// off when you said it was Scheduling's decision?" asks, it does not deflect).
var deflections = compilePhrases(
	"out of my/our hands",
	"out/outside/beyond of? my/our control/remit",
	"not really/exactly/entirely/totally? my/our call/decision/department/area/responsibility/job/problem/remit/place/role/wheelhouse/domain/fault/team/bailiwick",
	"not up to me/us",
	"not in/within my/our hands/control/power/remit/gift/authority",
	"not for me/us to decide/say/judge/answer",
	"above my/our pay/paygrade -? grade?",
	"nothing/little more/else/much/really? i/we can/could do/change/offer/approve/adjust/fix/help/move",
	// "there's nothing we'll be able to do until the vendor responds"
	"nothing/little more/else/much/really? i/we will/would be able to do/change/offer/approve/adjust/fix/help/move",
	"not much i/we can do",
	"not anything i/we can do",
	"i/we really/honestly/just/simply? can not really? do anything/much",
	"outside/beyond of? what i/we can/am/are approve/do/decide/control/sign/authorise/authorize/offer/allowed/able",
	"sits/lies/rests/stays with $X",
	"decision/call/choice is with/on $X",
	"i/we would direct/refer/send/forward/point/pass that/this/it/you/those/these/your question/questions/request? to $X",
	"i/we do not have access/permission/permissions/rights/admin/authority to/for/on that/this/it/those/these/the",
	"question/questions/queries/requests/issues/inquiries/enquiries/that/this go/goes/should/need/needs/have/has to? go? to/through $X",
	"my/our hands are tied",
	"not the right/best/correct/appropriate person/people/one/team/contact",
	"i am not the person/one who/to",
	"the wrong person/team/department/contact/people",
	"i/we do not make that/the/those/these call/calls/decision/decisions",
	"i/we do not decide that/this/those/these",
	"i/we do not have the/any authority/say/control/power",
	"i/we have no control/say/authority/power",
	"not really/exactly/quite? something i/we can/could help/do/decide/change/control/fix/answer/approve/sign/speak/comment/advise/weigh/look/handle/touch/investigate/support/access/check/debug/sort/own/manage/resolve",
	"not really/exactly/quite? something our/my team/side/department can/could help/do/decide/change/control/fix/answer/approve/sign/speak/comment/advise/weigh/look/handle/touch/investigate/support/access/check/debug/sort/own/manage/resolve",
	"i/we can not help you with that/this/it/those",
	"just the messenger",
	"not on me/us",
	"someone/somebody else 's call/decision/problem/responsibility/department/job/area",
	"that/it/this/which is $N 's call/decision/department/area/responsibility/domain/job/thing/problem/remit",
	"$N 's call/decision not/, not mine/ours",
	"issue/problem/bug/fault/error/question/matter/thing/call/decision ,? not ours/mine",
	"issue/problem/bug/fault/error on your/their side/end ,? not ours/mine",
	"that/it/this/which is all/entirely/totally/really/completely/ultimately? up to $N",
	"that/it/this/which is all/entirely/totally/really/completely/ultimately/now? down to $N",
	"that/it/this/which is for $N to decide/say/answer/approve/confirm",
	"that/it/this is on $N",
	"$N will/would/must/should/'ll/is/are have/need/going to decide/approve/answer/sign/confirm/determine/weigh/make/okay/ok/greenlight/authorize/authorise/rule/say",
	"$N will/would/must/should have/need to decide/approve/answer/sign/confirm/determine/weigh/make/okay/ok/greenlight/authorize/authorise/rule/say",
	// The fix is someone else's to make: "they would have to release a
	// patch", "the vendor will need to update their plugin".
	"$N will/would/must/should have/need to release/patch/fix/update/ship/resolve/change/provide/issue",
	"something/one that? $X will/would/must/should/'ll have/need to decide/approve/answer/sign/confirm/determine/weigh/okay/ok/greenlight/authorize/authorise/rule/say/agree/choose",
	"$N has/have/needs/need to decide/approve/sign/answer/confirm/determine/weigh/okay/ok/greenlight/authorize/authorise/rule",
	"only $N can decide/approve/answer/confirm/authorize/authorise/say/make/sign",
	"$N decides/handles/approves/owns/covers/manages/makes that/this/those/these/it/all",
	"$N controls/control/sets/set/owns/own/decides/decide those/these/that/this/the/it",
	"$N is/are in charge of/responsible that/this/those/these/it/the",
	"$N is/are the one/person/people/team/contact/ones to? ask/talk/speak/decide/contact/go/check/approach/see",
	"$N is/are the right/best person/one/team/contact/people",
	"$N would/will/might be the right/best/better person/people/one/ones/team/contact/folks",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? talk/speak to/with $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? ask/contact/email/call/ping/message/approach/see/chase $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? check/raise/take/bring/run/discuss/sort with/by/up $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? take/bring/raise/run/sort that/this/it/those up? with/by $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? reach out to $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? get in touch with $X",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? direct/send/forward/address/refer/escalate that/this/it/those/your question/request? to $X",
	"you are better off asking/talking/checking/speaking/contacting/emailing $X",
	"you would/will be better/best off asking/contacting/emailing/trying $X",
	"you would/will be better/best off talking/speaking/checking to/with $X",
	"that/it/this/which would/will be really/more/probably/actually? a/an/one question/one/matter/issue/thing/call/decision for $X",
	"that/it/this/which would/will be really/more/probably/actually? one for $X",
	"that/it/this/which one? is/'s/would/will be? really/more/probably/actually/honestly? for $X to decide/say/answer/approve/confirm/sort",
	"that/it/this/which is/would be? really/more? between you and $X",
	"i/we can not really/honestly? speak/comment/answer to/on/for that/this/the/those/these/your/pricing/budget/budgets/costs/price/prices",
	"you are better off talking/speaking/checking to/with $X",
	"best/better to ask/contact/email/ping $X",
	"best/better to talk/speak/check to/with $X",
	"i/we would suggest/recommend asking/contacting/emailing $X",
	"i/we would suggest/recommend talking/speaking/checking/reaching to/with/out $X",
	"i/we would suggest/recommend reaching out to $X",
	"try asking/contacting/emailing $X",
	"take it/that/this up with $X",
	"can not really/honestly/actually/unfortunately? help you/with? there/here/on/with that/this/it?",
	"that/it/this/which is really/more/probably/actually/honestly? a/an/one question/one/matter/issue/thing/call/decision for $X",
	"question/questions/queries/that/this/those/these are/is really/more/probably/actually/honestly/usually/best? a/an/one? question/questions/one/ones/matter/matters/thing/things for $X",
	"that/it/this/which is really/more/probably/actually/honestly? a/an $N question/call/decision/issue/matter/thing/problem",
	"is $N 's call/decision/department/area/responsibility/domain/job/remit/problem",
	"that/it/this/which all? goes/go/runs/run/has/needs/is/are to? go/handled/managed/dealt? with? through/via $X",
	"i/we do not handle/manage/oversee/deal with? $X",
	"i/we do not deal with/in that/this/those/these/it",
	"not something i/we handle/deal/manage/cover/own/oversee/decide/control/look",
	"i/we am/are not authorised/authorized/allowed/permitted/in to/a approve/sign/authorise/authorize/decide/position/change/agree/offer/give/grant",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? go/run/put/submit/route/file/send/escalate it/that/this/those? through/via/past/by $X",
	"your/the best bet/option is/would to? be? to? ask/email/contact/call/ping/message/talk/speak/check/reach/go/try $X",
	"your/the best bet/option is/would to? be? to? talk/speak/check/reach/go with/to/out/through $X",
	"outside/beyond my/our remit/control/scope/area/role/responsibility",
	"no say/control/influence/authority over/in/on",
	"i/we have no say/control/influence/authority",
	"not involved/responsible in/for that/this/those/these/it/the",
	"i/we am/are not involved/responsible anymore",
	// Scope and contract: "that's outside the scope of our SLA", "out of
	// scope", "not covered by your plan".
	"outside/beyond of? the/our/my/your? scope",
	"out of scope",
	"not in/within the/our/my? scope",
	"not covered by/under/in the/our/your/my? sla/contract/agreement/plan/support/warranty/scope/retainer/package/subscription/licence/license",
	// Handed on with no next step: "We've escalated this to our vendor",
	// "passed it on to the networking team".
	"escalated/referred/reassigned/transferred it/this/that/your? issue/ticket/case/matter/request/query/bug/problem/question? on/over/up? to $X",
	"passed/handed it/this/that/your? issue/ticket/case/matter/request/query/bug/problem/question? on to $X",
	"forwarded/raised/logged your/the/this issue/ticket/case/query/request/bug/problem/question on/over? to/with $X",
	// Owned elsewhere: "the auth stuff is owned by the identity team",
	// "password resets are handled by your IT team".
	// Someone else's hands are needed: "needs someone from infra",
	// "someone from the SRE rotation will need to look at this".
	"needs/need/requires/require someone/somebody from/in/on $X",
	"someone/somebody from/in/on $X will/would/'ll/must/should need/have to",
	"someone/somebody from/in/on $X needs/has to",
	"i/we do not have $* access/rights/permissions/permission",
	// The fault is the reader's: "probably an environment issue on your end".
	"issue/problem/fault/bug/error on/at your end/side",
	// Sent elsewhere to report it: "you'll need to report it there".
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? open/file/raise/report/log/post/submit it/this/that/one/them/an/a? issue/ticket/bug? over? there/upstream/elsewhere",
	"you would/will/should/must/might/may/could/need/can better/best? have/need/want/better/best? to? open/file/raise/report/log/post/submit it/this/that/one/them/an/a? issue/ticket/bug? with/to/in $X",
	"i/we am/are currently/still? blocked on/by $X",
	"it/this/that/which one? is/'s now with $N",
	"it/this/that/which one? is/'s with $N now",
	// Not knowing who: "not sure who handles that", "no idea who set it
	// up", "before my time".
	"not sure/certain who/whom handles/owns/manages/covers/runs/deals/looks/set/built/configured/installed/made/decides/approves/is/would/can/does/did",
	"unsure who/whom handles/owns/manages/covers/runs/deals/looks/set/built/configured/installed/made/decides/approves/is/would/can/does/did",
	"no idea/clue who/whom handles/owns/manages/covers/runs/deals/looks/set/built/configured/installed/made/decides/approves/is/would/can/does/did",
	"i/we do not know who/whom handles/owns/manages/covers/runs/deals/looks/set/built/configured/installed/made/decides/approves/is/would/can/does/did",
	"i/we would not know",
	"before my/our time",
	// Someone else would know: "whoever configured it would know".
	"$N would/might/may/should know",
	"$N would/might/may/should be able to tell/help/answer/advise/confirm/explain",
	// Scope of the speaker's own job: "I only work on the front end",
	// "I'm not across the SEO side", "I've been moved off this account".
	"i/we only/just work/deal on/with the/our",
	"i/we only/just handle/cover/manage/do/did/built/designed/handled/covered the/our",
	"i/we only/just look/looked after the/our",
	// Hired for something else: "that sits outside what we were hired for".
	"outside/beyond of? what i/we was/were/are/am hired/contracted/engaged/paid/retained/brought/booked/commissioned/scoped",
	"outside/beyond of? what i/we signed up for",
	// Only carrying out someone's rules: "we just follow the policy".
	"i/we just/only/simply follow/enforce/apply it/them/orders/instructions/policy/policies/rules",
	"i/we just/only/simply follow/enforce/apply the/our/their/your/company policy/policies/rules/contract/terms/process/procedure/guidelines",
	// Someone else's remit: "that falls under the warranty provider's remit".
	"falls/fall/comes/come/sits/lies under/within/in $N 's? remit/responsibility/area/domain/purview/jurisdiction/department/court",
	// "you'll have better luck asking the venue directly"
	"you would/will/might/may have better/more luck asking/contacting/trying/emailing/calling/checking/talking/speaking/with",
	"i/we am/are not across",
	"not really/exactly/actually? mine/ours to",
	"i/we have been moved/taken/pulled off",
	"i/we am/are no longer on/working/handling/responsible/involved/looking/managing/covering/the",
	"i/we am/are only/just covering/standing/filling in? for",
	"i/we can not really/actually? make/take that/the/this/any/those/these? decision/decisions/call/calls",
	"i/we did not build/write/code/set/configure/install/design/develop/create/implement that/this/it/the/those/these/any",
	"i/we am/are not really/directly/actually? responsible/liable/accountable for/here",
	"no/any visibility/insight/oversight into/over/on",
	// Rules that are not the speaker's: "company policy doesn't allow us",
	// "restricted under our security policy", "we're not allowed to".
	"policy/policies/rules/contract/agreement/terms/regulations/compliance/guidelines/procedure/procedures does/do/would/will not allow/permit/let/cover/include/support",
	"restricted/prohibited/forbidden/barred under/by/per our/the/company/your/their? security/data/privacy/company/internal/legal/compliance/gdpr? policy/policies/rules/guidelines/regulations/contract/agreement/terms",
	"not allowed/permitted under/by/per our/the/company/your/their? security/data/privacy/company/internal/legal/compliance/gdpr? policy/policies/rules/guidelines/regulations/contract/agreement/terms",
	"against our/the/company? security/data/privacy/company/internal? policy/policies/rules",
	"i/we am/are not allowed/permitted to",
	// Owned or decided elsewhere: "Marta's team looks after that", "the
	// design team made that call", "it's in Apple's hands", "changes would
	// have to go through them", "needs to be sorted out by your developers".
	"$N looks/look after that/this/those/these/it/all",
	"$N takes/take care of that/this/those/these/it/all",
	"$N deals/deal with that/this/those/these/it/all",
	"$N made/took that/the/this/those call/calls/decision/decisions",
	"in $N 's hands",
	"in his/her/their/your hands",
	"in the hands of $X",
	"ball is in your/their court",
	"would/will/must/should have/need to go/run/be through/via/past $X",
	"has/have/needs/need to go/run through/via/past $X",
	"would/will/must/should/need/needs/has/have to be sorted/fixed/handled/resolved/changed/approved/decided/addressed/configured/answered/signed/authorised/authorized/cleared/updated out/off/up? by $X",
	"be directed/addressed/referred/routed/redirected to $X",
	"is/are on your/their end/side",
	"is/are on/at $N 's end/side",
	"to be sorted/fixed/handled/resolved/changed/done/addressed/updated/configured/corrected out? on/at/from your/their end/side",
	"outside/beyond of? what the/our/your? retainer/contract/agreement/plan/package/sla/scope/licence/license/subscription/support covers/includes/allows",
	"'s problem/call/decision/issue/responsibility/fault/job/area/remit/domain/purview ,? not/rather than? ours/mine",
	"i/we do not get/have a/any/much? say",
	"not my/our circus",
	"not something i/we support/offer/provide/do",
	"not something our/my team/side/department supports/offers/provides/covers/handles/does",
	"handed/passed it/this/that/the/your? project/account/issue/ticket/case/matter/request/work/query? over to $X",
	// Pointed elsewhere: "That would be your registrar", "that's really
	// something your procurement team needs to sort out", "tickets about
	// SSO go to the identity team", "the account director decides on
	// discounts", "above my head".
	"that/which would be $N",
	"something/one that? $X needs/need/has/have to decide/approve/answer/sign/confirm/determine/okay/ok/authorize/authorise/rule/say/agree/choose/sort/handle/fix/resolve/change/address",
	"tickets/questions/queries/requests/issues/emails/bugs/anything/things about/for/on/regarding/re/with $* $*? go/goes/should/need/needs/have/has to? go? to/through $X",
	// "That's handled by your IT department": the matter itself, pointed
	// at, given to someone. ("Payroll is handled by an outside bureau" is
	// a fact; the grammar reads such passives only with the speaker's
	// side powerless.)
	"that/it/this/which is/are all/entirely/usually/really/actually/mostly/fully/completely/solely? handled/managed/decided/owned entirely/fully/completely/solely/exclusively/directly? by $X",
	"$N decides/decide on",
	"above my/our head/heads",
	"before i/we joined/arrived",
	// Too late for anyone: "that ship has sailed with the broadcaster".
	"that/the ship has sailed",
	"before i/we took over",
	// Rules that are not the speaker's: "Can't change that - company policy".
	"can not change/do/approve/allow/offer/waive/extend/share/make/give/move/refund that/this/it/those/these/any? -/,/;/: company/agency/internal/our/the? policy/policies/rules",
	"that/it/this is/'s just? company/agency/internal policy",
)

// resolutions say the matter is settled or the speaker already acted on it.
var resolutions = compilePhrases(
	"it/this/that/which is/has now/already? been? fixed/resolved/sorted/approved/deployed/released/merged/restored/live/working",
	"it/this/that/which is now/already fixed/resolved/sorted/approved/deployed/released/merged/restored/live/working",
	"is live now",
	// Back to normal: "the outage was on the vendor's side, but it's back up now".
	"it/this/that/which is back up/online",
	"it/this/that/which is back to normal",
	"it/this/that/which is now? confirmed now?",
	"she/he/they paid/refunded/settled it/out/up",
	"$N paid/refunded/settled it/out/up",
	"approved and live",
	"already rolled/fixed/resolved/deployed/released/merged/shipped/sorted/reverted/restored/patched",
	"rolled/reverted/switched it/that/this/the change/the update? back",
	"i/we have/'ve written/built/fixed/deployed/released/created/added/patched/sorted/resolved/reverted/restored/found/applied",
	"i/we have/'ve already? copied/cc'd/ccd/looped/introduced/connected/included",
	// The speaker has acted on the redirect: "I've already sent them our
	// numbers", "I've forwarded her your email", "I've briefed him".
	"i/we have/'ve already? just? sent/briefed/emailed/forwarded/called/rung/phoned/told/passed/shared/contacted/messaged/pinged/flagged/chased/warned",
	// The holder has acted: "she picked 12-14 May", "she's already met
	// the client", "Jen has already approved yours".
	"and she/he/they has/have/is/are? already? picked/chose/chosen/confirmed/met/approved/agreed/booked/signed/decided/sorted",
	"$N has/have already approved/confirmed/signed/agreed/booked/decided/sorted",
	// The one the reader is sent to is ready: "he already has the numbers
	// ready for you", "she's expecting your question".
	"she/he/they is/are expecting you/your/it/the",
	"and is/are expecting you/your",
	"$N is/are expecting you/your/it/the",
	"she/he/they already has/have the/your/everything",
	"has/have everything she/he/they needs/need",
	"ready for you",
	"i/we already? copied/cc'd/ccd/looped/introduced/connected",
	"i/we wrote/built/fixed/deployed/released/created/added/patched/sorted/resolved/reverted/restored/applied",
	"confirmed it is/was fixed/resolved/working/live/sorted",
	"confirmed that it is/was fixed/resolved/working/live/sorted",
	// Someone else has taken it up or done it: "I've escalated it to Mia
	// and she's on it", "I checked with Priya and she approved it", "they've
	// already signed off", "the new rate is already on your invoice".
	"she/he/they is/are already? on it",
	"$N is/are already? on it",
	"she/he/they has/have already? approved/signed/fixed/resolved/deployed/released/merged/refunded/sorted/shipped/restored/reverted/patched/confirmed/started/begun",
	"$N has/have already? approved/signed/fixed/resolved/deployed/released/merged/refunded/sorted/shipped/restored/reverted/patched/confirmed/started/begun",
	"she/he/they already? approved/signed/fixed/resolved/deployed/released/merged/refunded/shipped/restored/reverted/patched/confirmed",
	"is/are already in/on your",
	// The thing asked about has been acted on or handed over: "I've
	// attached their approved rate card", "I've gone with blue", "here's
	// the updated schedule", "they've moved your shoot to Thursday", "she's
	// already replied with the approval", "the files went to the printer".
	"i/we have/'ve already? attached/chosen/picked/booked/scheduled/rescheduled/updated/included/uploaded/moved/gone/decided",
	"i/we already? went with",
	"here is/are the/your/our/an/a updated/revised/new/final/latest/full/complete/approved/edited/current",
	"attached is/are the/your/our/an/a",
	"she/he/they has/have/is/are already? moved/rescheduled/booked/scheduled/added/updated/changed/replied/responded/answered/agreed",
	"$N has/have already? moved/rescheduled/booked/scheduled/added/updated/changed/replied/responded/answered/agreed",
	"files/proofs/deck/order/prints/artwork/assets/designs/banners/materials/draft/drafts/cut/samples went/shipped out/off/to",
	"files/proofs/deck/order/prints/artwork/assets/designs/banners/materials/draft/drafts/cut/samples were/was/have/has been? sent/shipped/delivered/submitted",
	// The speaker owns the decision: "Mia made that call, and I agree with it".
	"i/we agree/agreed with it/that/this/her/him/them",
	"i/we agree/agreed with the/that/this/her/his/their decision/call",
	"i/we stand/stood by/behind it/that/this",
	"i/we stand/stood by/behind the/that/this/her/his/their decision/call",
)

// redirects at the start of a sentence send the reader elsewhere: "Talk to
// Mia.", "Please reach out to Raj."
var redirects = compilePhrases(
	"please/just? ask/contact/email/ping $N",
	"please/just? talk/speak to/with $N",
	"please/just? check with $N",
	"please/just? reach out to $N",
	"please/just? get in touch with $N",
	"please/just? direct/forward/address/refer that/this/it/those/your question/questions/request/requests/query/queries? to $N",
	"please/just? send/email/forward/address your/any/all question/questions/queries/query/request/requests to $N",
	"please/just? go through/via $N",
	"please/just? take it/that/this up with $N",
)

// Requests: asking for something. Questions are requests by themselves; these
// catch the ones written as statements or imperatives.
var requests = compilePhrases(
	"let me/us know",
	"keep me/us posted/updated/informed",
	"keep me/us in the loop",
	"i/we need it/this/that/them/those/the/a/an/your/to",
	"i/we will need",
	"i/we am/are going to need",
	"i/we would need",
	"need it/this/that/them/the by/asap/back/today/tomorrow",
	"i/we would like/love",
	"i/we would really/also? appreciate",
	"would really/also/greatly? love/appreciate a/an/any/your/some/it/if/confirmation/feedback/updates",
	"appreciate it if",
	"would be great/helpful/good/nice/ideal if/to",
	"would be grateful/thankful",
	"it would help if",
	"any update/updates/news/word/progress/eta/luck/chance/idea",
	"still waiting",
	"waiting to hear",
	"following up",
	"checking in",
	"just checking",
	"is/are there any update/updates/news",
	"please/pls/plz/plse/pleeze/pleas",
	"kindly",
	"hoping/hope you/someone/somebody/anyone can/could/would/might/will",
	"i/we was/were/am/are hoping/wondering to? get/receive/see/have/hear/if/whether/when",
	"can/could/would/will you",
	"can/could/may i/we get/have/ask/see",
	"would/is it be? possible",
	"do/does/did you/anyone know/have",
	"what is the status/eta/plan/update/latest/timeline/progress/holdup/delay/story/situation/word/news/hold",
	"look/looking forward to your/the feedback/thoughts/reply/response/comments/answer/update/input/notes/approval/confirmation/revisions",
	"wondering if/whether/when",
	// Chasers: "Just bumping this", "gentle nudge on this one".
	"bumping/bump this/thread/that",
	"gentle/friendly/quick/polite/little/small nudge/reminder/chaser/poke/bump",
	"nudging/chasing this/that/it",
	"need/needs eyes/help/input/hands",
	"need/needs someone/somebody to look/check/review/help/fix/investigate/take",
)

// complaints expect an answer too.
var complaints = compilePhrases(
	"still nothing/no/not/missing/broken",
	"still is/are/was/were/has/have/does/do not",
	"still have/has/do/does/can not",
	"am/are/is/been still? waiting on/for",
	"unacceptable",
	"not acceptable/good enough/okay/ok",
	"second/third/fourth/fifth/sixth/nth/umpteenth/another time",
	"i/we am/are really/very/so/extremely/quite/getting/pretty? frustrated/disappointed/upset/concerned/annoyed/unhappy/worried/confused",
	"i/we am/are not happy",
	"is/are still? broken/missing/wrong/down/empty",
	// "the live site is showing last week's prices"
	"is/are still? showing/displaying/returning/serving/using the? wrong/old/outdated/incorrect/stale/last/previous",
	"does/do not work/load/open",
	"not working/loading",
	"where is/are",
	"what is going on",
	"what happened",
	"you said/promised/told/assured me/us? you would/will/were/'d",
	"you were/was supposed to",
	"we/i were/was promised",
	"still have/has nothing/no/not",
	"is/are way/completely/totally/really/still off",
	"not what i/we asked/signed/approved/agreed/ordered/wanted/expected/requested/briefed/discussed/paid",
	// Something misbehaves: "the contact form is eating submissions".
	"is/are/keeps/keep still? eating/dropping/losing/swallowing/rejecting/crashing/failing/erroring/throwing/bouncing/freezing/hanging",
	// Work that is needed: "this needs to be done before anything else".
	"it/this/that/these/those/everything/which still? needs/need/has/have to be done/fixed/sorted/resolved/addressed/looked/finished/completed/corrected/changed/updated",
)

// notRequests cancel a request word: an offer ("let me know if you have any
// questions"), a courtesy ("please find attached"), a closing.
var notRequests = compilePhrases(
	"let me/us know if you have/need/want/would/'d/require/are/there",
	"let me/us know if anything/any",
	"let me/us know should you",
	"please find/see/note attached?",
	"find/see attached/enclosed/below",
	"please do not hesitate",
	// Thanks and apologies offered: "Please accept our thanks".
	"please/kindly? accept our/my thanks/apologies/apology/gratitude/congratulations/condolences/best",
	"please feel free",
	"please reach/let out? to? me/us if",
	"i/we would like/love to help/thank/say/add/introduce/mention/congratulate/share/apologize/apologise/update/confirm/let",
	"would be great/good/nice to see/meet/catch",
	"hope you are/were well/good/doing/having",
	// Praise: "keep it up!", "keep up the good work".
	"keep it/this up",
	"keep up the",
	// Raising the priority is no chaser: "bumping this to P1".
	"bumping/bump/bumped this/that/it up/down? to a/an? priority/p0/p1/p2/p3/p4/high/highest/critical/urgent/sev0/sev1/sev2/top/medium/low/prio",
)

// smallTalk are questions that do not ask for anything.
var smallTalk = compilePhrases(
	"how are you/things",
	"how is it/everything/life going?",
	"how was your/the weekend/trip/holiday/vacation/break/day",
	"how have you been",
	"hope you are well/good",
	"you know",
	"right",
)

// questionOpeners make a sentence a question even without its "?".
var questionOpeners = compilePhrases(
	"can/could/would/will you/we/i",
	"is it possible",
	"is there any",
	"any update/updates/news/word/progress/eta",
	"when will/can/do/does/is/are/should/would",
	"where is/are",
	"what is the status/eta/plan/latest/timeline/progress/holdup/delay/story/situation/word/news/hold",
	"mind",
	"need the/a/an/it/this/that/your/those/these/them/some/more/updated/final/new/revised",
	"how is/are the/that/this/my/our/your",
	"what happened",
	"why is/has/have/did/does/are/was/were/has/not",
	"how long/soon",
	"did/have/has you/anyone",
	"do/does you/anyone",
	"is/are/was/were/does/do/did/has/have/should/shall/could/can/would/will the/this/that/it/there/these/those/everything/anything/anyone/someone/we/my/our/your/his/her/their/he/she/they/i",
)

// imperatives are verbs that, opening a sentence, ask the reader to act.
var imperatives = set("send", "resend", "share", "confirm", "update", "fix", "check",
	"review", "approve", "swap", "change", "add", "remove", "replace", "call", "email",
	"forward", "provide", "tell", "give", "make", "move", "upload", "attach", "sign",
	"advise", "reply", "respond", "ping", "loop", "cc", "schedule", "book", "correct",
	"revert", "delete", "deliver", "finish", "put", "use", "include", "drop", "push",
	"hold", "cancel", "ship", "post", "publish", "print", "remind", "invoice", "bump",
	"increase", "reduce", "adjust", "resize", "rename", "shorten", "extend", "escalate",
	"expedite", "prioritize", "prioritise", "get", "look", "double", "ring", "text",
	"return", "submit", "fill", "complete", "reschedule", "clarify", "explain", "chase",
	"arrange", "prepare", "draft", "write", "sort", "ensure", "keep", "find", "pull",
	"let", "try", "mail", "dm", "message", "reach", "revise", "edit", "tweak")

// Priority: calling the work a priority.
var priorities = compilePhrases(
	"top/high/highest/higher/first/main/biggest/number/utmost/absolute/key/major/real/#/no priority",
	"priority one/1/#1/no/number",
	"a/our/my/the/as/this/is priority",
	"prioritize/prioritise/prioritized/prioritised/prioritizing/prioritising",
	"urgent/urgently/urgency",
	"asap",
	"as soon as possible",
	"p0/p1/sev1/sev0/prio1",
	"sev/prio/priority 0/1",
	"high/top prio",
	"critical/crucial/vital",
	"time -? sensitive/critical",
	"needs/need/has/have/must/should/got to? go/come/be/get done/handled/tackled? first",
	"goes/comes/going first",
	"takes/take precedence",
	"top of the/my/our list/queue/pile/stack/agenda",
	"front of the line/queue",
	"jump the queue",
	"drop everything",
	"rush job/order",
	"emergency",
	"blocker/blocking",
	"extremely/very/really/super/incredibly/hugely/vitally/most/critically important",
	"highest importance",
	"need/needed/want/wanted it/this/that/them/these/those yesterday",
	"expedite/expedited/expediting/expedition",
	"rush it/this/that/them/these/those",
	"take/takes/taking/took/get/gets/getting/given/give/giving priority/precedence",
	"number/no/# one/1 priority/prio/focus/concern/task/job",
	"done/do/go/goes/fix/fixed/tackle/tackled/handle/handled/finish/finished/sort/sorted/ship/shipped before anything/everything/all else",
	"ahead of anything/everything/all else/everyone",
	"first in line",
)

// notPriority words before a priority word negate it: "not urgent", "low
// priority", "no rush".
var notPriority = set("not", "no", "non", "never", "nothing", "less", "low", "lower",
	"neither", "nor", "without", "medium", "normal", "minor", "de", "isn")

// priorityInquiry opens a question about priority, which does not call the
// work one: "Is this urgent?", "How urgent is it?".
var priorityInquiry = set("is", "how", "what", "which", "does", "do", "are", "was", "should", "whats")

// criticalNouns after "critical" make it a kind of feedback, not a priority.
var criticalNouns = set("feedback", "review", "eye", "thinking", "comments", "look", "of", "reviews")
