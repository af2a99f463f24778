"""English intent templates. ``{core}`` is a complaint sentence rendered from the category templates."""

SLOTS = {
    "case": ["my complaint", "my case", "the complaint I made", "my refund claim", "ticket", "the issue I reported", "my appeal"],
    "when": ["last week", "on Monday", "ten days ago", "a month ago", "yesterday", "back in March"],
    "idtype": ["order number", "account number", "invoice number", "booking reference", "customer number", "policy number"],
    "id": ["12345", "A-5521", "88213", "40081234", "BK-88123", "770021"],
    "evidence": ["a photo of the damage", "the screenshot", "the receipt", "a copy of the letter", "the bank statement", "the video"],
    "outcome": ["a full refund", "a replacement", "an apology", "compensation", "my money back", "a repair", "the fee removed"],
    "contact": ["07911 123456", "jane.doe@example.com", "+44 20 7946 0958", "my mobile", "this email address"],
    "fact": ["the amount was £45.50", "it was the blue model", "the courier was rude as well", "it happened twice",
             "I paid by card", "the store was in Leeds", "the agent's name was Tom", "it's the second time this year"],
    "staff": ["a human", "a real person", "an agent", "someone from customer service", "a manager", "a supervisor", "your team"],
    "offer": ["the refund", "your offer", "the voucher", "the decision", "the replacement", "that solution", "the £20 credit"],
    "offtopic": ["the weather", "football", "a joke", "your opening hours", "mortgage rates", "gift cards", "the store on High Street"],
}

TEMPLATES = {
    "new_complaint": [
        "{core}. how is this possible?", "{core}. who is responsible for this?", "{core}, so what do I do now?", "{core}. when will this stop?",
        "I have a problem: {core}", "I want to report that {core}", "{core}, this is the last straw", "hello, I'd like to raise an issue. {core}", "{core}. sort it out", "I'm complaining because {core}",
        "{core}", "I want to complain, {core}", "I'd like to make a complaint: {core}", "complaint - {core}",
        "I need to report a problem, {core}", "{core}. what are you going to do about it?", "{core}, I want this sorted",
        "formal complaint: {core}", "so basically {core}", "I'm writing because {core}", "{core} and I'm fed up",
        "new complaint please, {core}", "can I complain here? {core}", "not happy. {core}",
    ],
    "add_information": [
        "the {idtype} is {id} by the way", "as requested, {evidence} attached", "I also want {outcome}", "more details: {fact}", "btw {fact}", "I'm attaching {evidence}",
        "my {idtype} is {id}", "the {idtype} was {id}", "also, {fact}", "one more thing: {fact}", "forgot to say {fact}",
        "here is {evidence}", "I've attached {evidence}", "sending you {evidence} now", "it happened {when}",
        "this was {when}", "I'd like {outcome}", "what I want is {outcome}", "you can reach me on {contact}",
        "my contact is {contact}", "to add to my complaint, {fact}", "just to add, {fact}", "{idtype}: {id}",
        "ok so {fact}", "my desired outcome is {outcome}", "the {idtype} {id}, {fact}",
    ],
    "status_request": [
        "who is handling {case} now?", "has {case} been assigned to someone", "I'm still waiting on {case}, what's going on", "did you get {case}? no reply so far", "chasing up {case} I sent {when}", "any word on {case}", "is {case} still open?",
        "any update on {case}?", "what's happening with {case}", "has anyone looked at {case} yet", "when will I hear back about {case}",
        "I complained {when}, any news?", "what's the status of {case}", "is someone working on {case}",
        "still waiting to hear about {case}", "can you check {case} for me", "where are we with {case}",
        "I sent {case} {when} and heard nothing", "has a decision been made on {case}", "how long until {case} is resolved",
        "is there any progress on {case}", "just chasing {case}",
    ],
    "cancel": [
        "please withdraw {case}, no longer needed", "I don't want to continue with {case}", "you can close {case}, problem solved", "call off {case}", "I want to cancel {case} I sent {when}", "kill {case}, it's fine now",
        "cancel {case}", "I want to withdraw {case}", "please close {case}, it's sorted", "I no longer want to go ahead with {case}",
        "forget {case}, I've sorted it myself", "drop {case} please", "I changed my mind, cancel {case}", "scrap {case}",
        "I'd like to retract {case}", "no need to continue with {case}", "stop {case}, it was resolved", "withdraw it, never mind",
    ],
    "help": [
        "how do I make a complaint?", "what can you do", "what happens after I complain?", "how does this work",
        "what information do you need from me?", "how long do you take to respond", "how can I check {case}?",
        "can you explain the process", "what are my options", "is there a fee for complaining", "I don't understand what to do",
        "who will look at {case}", "what should I do next", "help me understand how to escalate",
    ],
    "human": [
        "can I get {staff} please", "I want to speak to {staff} right now", "please have {staff} contact me", "is it possible to talk with {staff}", "give me {staff}", "I insist on talking to {staff}",
        "I want to talk to {staff}", "can I speak to {staff}", "put me through to {staff}", "I'd rather deal with {staff}",
        "is there {staff} I can talk to", "I don't want a bot, get me {staff}", "connect me to {staff} please",
        "let me chat with {staff}", "can {staff} call me back", "transfer me to {staff}", "I need {staff}, not a robot",
        "get {staff} on the line", "this bot is useless, I want {staff}",
    ],
    "greeting": [
        "hi", "hello", "hey there", "good morning", "good afternoon", "hello, is anyone there?", "hi, is this the complaints service?",
        "hey, how are you", "hello team", "hiya", "greetings", "hello again", "morning", "howdy", "hi bot", "good evening all",
    ],
    "thanks": [
        "thank you", "thanks a lot", "many thanks for your help", "cheers", "appreciate it", "thanks for sorting {case}",
        "thank you for looking into {case}", "great, thanks", "thanks, that's all", "thank you so much", "ty", "much appreciated",
        "thanks for the quick reply", "lovely, cheers", "thanks for your patience",
    ],
    "accept": [
        "yes, {offer} works for me", "fine, go with {offer}", "I'll accept {offer}, thanks", "{offer} sounds fair",
        "yes", "ok", "I accept {offer}", "{offer} is fine", "yes, I'll take {offer}", "I'm happy with {offer}", "agreed",
        "sounds good", "that works for me", "yes please go ahead", "fine, I accept", "deal", "ok I agree with {offer}",
        "I'm happy to accept {offer}", "yep that's fine",
    ],
    "reject": [
        "{offer} doesn't work for me", "sorry but {offer} isn't acceptable", "I won't accept {offer}", "not happy with {offer} at all",
        "no", "I don't accept {offer}", "{offer} is not good enough", "I reject {offer}", "no, I'm not happy with {offer}",
        "that's unacceptable", "I want to appeal {offer}", "no way", "I disagree with {offer}", "{offer} is too low",
        "not acceptable, escalate it", "no thanks", "I refuse {offer}", "nope, not happy",
    ],
    "other": [
        "what do you think about {offtopic}", "tell me about {offtopic}", "do you know anything about {offtopic}",
        "what are {offtopic}", "can I buy {offtopic} here", "test", "hmm", "lol", "asdf", "are you a robot?",
        "what time is it", "who won the game yesterday", "I like {offtopic}", "random question about {offtopic}",
    ],
}
