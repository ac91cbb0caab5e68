package language

// Deflection: words that hand responsibility to someone else and offer no
// next step. They count only outside questions ("were you just pushing it
// off when you said it was Scheduling's decision?" asks, it does not deflect).
var deflections = compilePhrases(
	"out of my/our hands",
	"out/outside/beyond of? my/our control/remit",
	"not really/exactly/entirely/totally? my/our call/decision/department/area/responsibility/job/problem/remit/place/role/wheelhouse/domain/fault/team/bailiwick",
	"not up to me/us",
	"not in my/our hands/control/power/remit",
	"not for me/us to decide/say/judge/answer",
	"above my/our pay/paygrade -? grade?",
	"nothing more/else/much? i/we can do",
	"not much i/we can do",
	"not anything i/we can do",
	"i/we can not do anything/much",
	"my/our hands are tied",
	"not the right/best/correct/appropriate person/people/one/team/contact",
	"i am not the person/one who/to",
	"the wrong person/team/department/contact/people",
	"i/we do not make that/the/those/these call/calls/decision/decisions",
	"i/we do not decide that/this/those/these",
	"i/we do not have the/any authority/say/control/power",
	"i/we have no control/say/authority/power",
	"not something i/we can help/do/decide/change/control/fix/answer/approve/sign",
	"i/we can not help you with that/this/it/those",
	"just the messenger",
	"not on me/us",
	"someone/somebody else 's call/decision/problem/responsibility/department/job/area",
	"that/it/this/which is $N 's call/decision/department/area/responsibility/domain/job/thing/problem/remit",
	"$N 's call/decision not/, not mine/ours",
	"that/it/this/which is all/entirely/totally/really/completely/ultimately? up to $N",
	"that/it/this/which is for $N to decide/say/answer/approve/confirm",
	"that/it/this is on $N",
	"$N will/would/must/should/'ll/is/are have/need/going to decide/approve/answer/sign/confirm/determine/weigh/make/okay/ok/greenlight/authorize/authorise/rule/say",
	"$N will/would/must/should have/need to decide/approve/answer/sign/confirm/determine/weigh/make/okay/ok/greenlight/authorize/authorise/rule/say",
	"$N has/have/needs/need to decide/approve/sign/answer/confirm/determine/weigh/okay/ok/greenlight/authorize/authorise/rule",
	"only $N can decide/approve/answer/confirm/authorize/authorise/say/make/sign",
	"$N decides/handles/approves/owns/covers/manages/makes that/this/those/these/it/all",
	"$N is/are in charge of/responsible that/this/those/these/it/the",
	"$N is/are the one/person/people/team/contact/ones to? ask/talk/speak/decide/contact/go/check/approach/see",
	"$N is/are the right/best person/one/team/contact/people",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? talk/speak to/with $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? ask/contact/email/call/ping/message/approach/see $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? check/raise/take/bring/run/discuss/sort with/by/up $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? take/bring/raise/run/sort that/this/it/those up? with/by $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? reach out to $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? get in touch with $X",
	"you would/will/should/must/might/may/could/need/can better? have/need/want/better? to? direct/send/forward/address/refer/escalate that/this/it/those/your question/request? to $X",
	"you are better off asking/talking/checking/speaking/contacting/emailing $X",
	"you are better off talking/speaking/checking to/with $X",
	"best/better to ask/contact/email/ping $X",
	"best/better to talk/speak/check to/with $X",
	"i/we would suggest/recommend asking/contacting/emailing $X",
	"i/we would suggest/recommend talking/speaking/checking/reaching to/with/out $X",
	"i/we would suggest/recommend reaching out to $X",
	"try asking/contacting/emailing $X",
	"take it/that/this up with $X",
)

// redirects at the start of a sentence send the reader elsewhere: "Talk to
// Mia.", "Please reach out to Raj."
var redirects = compilePhrases(
	"please/just? ask/contact/email/ping $N",
	"please/just? talk/speak to/with $N",
	"please/just? check with $N",
	"please/just? reach out to $N",
	"please/just? get in touch with $N",
	"please/just? direct/send/forward that/this/it/those/your question/questions/request? to $N",
)

// Requests: asking for something. Questions are requests by themselves; these
// catch the ones written as statements or imperatives.
var requests = compilePhrases(
	"let me/us know",
	"keep me/us posted/updated/informed",
	"keep me/us in the loop",
	"get back to me/us",
	"i/we need it/this/that/them/those/the/a/an/your/to",
	"i/we will need",
	"i/we am/are going to need",
	"i/we would need",
	"need it/this/that/them/the by/asap/back/today/tomorrow",
	"i/we would like/love",
	"i/we would really/also? appreciate",
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
	"please",
	"kindly",
	"can/could/would/will you",
	"can/could/may i/we get/have/ask/see",
	"would/is it be? possible",
	"do/does/did you/anyone know/have",
	"what is the status/eta/plan/update",
	"wondering if/whether/when",
)

// complaints expect an answer too.
var complaints = compilePhrases(
	"still nothing/no/not/missing/broken",
	"still have/has/do/does/can not",
	"am/are/is/been still? waiting on/for",
	"unacceptable",
	"not acceptable/good enough/okay/ok",
	"second/third/fourth/fifth/sixth/nth/umpteenth/another time",
	"i/we am/are really/very/so/extremely/quite/getting/pretty? frustrated/disappointed/upset/concerned/annoyed/unhappy/worried/confused",
	"i/we am/are not happy",
	"is/are still? broken/missing/wrong/down/empty",
	"does/do not work/load/open",
	"not working/loading",
	"where is/are",
	"what is going on",
	"what happened",
)

// notRequests cancel a request word: an offer ("let me know if you have any
// questions"), a courtesy ("please find attached"), a closing.
var notRequests = compilePhrases(
	"let me/us know if you have/need/want/would/'d/require/are/there",
	"let me/us know if anything/any",
	"let me/us know should you",
	"please find/see/note attached?",
	"please do not hesitate",
	"please feel free",
	"please reach/let out? to? me/us if",
	"i/we would like/love to help/thank/say/add/introduce/mention/congratulate/share/apologize/apologise/update/confirm/let",
	"would be great/good/nice to see/meet/catch",
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
	"what is the status/eta/plan",
	"what happened",
	"why is/has/have/did/does/are/was/were/has/not",
	"how long/soon",
	"did/have/has you/anyone",
	"do/does you/anyone",
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
