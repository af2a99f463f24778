"""English category templates: {slot} fillers are per category; each template is one group."""

# Goods named in every kind of complaint (bought, delivered, billed, repaired, argued over), so
# that a product's name says nothing about the category: the verbs and the problem do.
GOODS = ["the fridge", "a new TV", "the dishwasher", "the microwave", "my tablet", "the printer", "the dining table",
         "the bike", "the hedge trimmer", "the tumble dryer", "the air fryer", "the desk chair", "a pair of boots",
         "the smartwatch", "the blender", "the camera", "the bluetooth speaker", "the wardrobe"]
WHEN = ["last week", "in October", "two months ago", "on Saturday", "a fortnight ago", "in the Black Friday sale", "on the 3rd"]
SHOP = ["your Bristol store", "your website", "your shop in Glasgow", "the Cardiff branch", "your online shop", "the retail park store"]

SLOTS = {
    "billing": {
        "goods": GOODS, "when": WHEN, "shop": SHOP,
        "card_no": ["my card was declined", "the payment was refused", "the terminal rejected my card",
                    "my card payment bounced"],
        "amount": ["£30", "$45.99", "€120", "twice the usual amount", "an extra 15 pounds", "£9.99 a month", "about 200 dollars"],
        "item": ["my subscription", "the broadband package", "my phone contract", "the order", "my electricity bill",
                 "my monthly plan", "the gym membership", "my insurance premium"],
        "charge": ["a late payment fee", "an admin fee", "a cancellation charge", "interest", "a roaming charge", "a service charge"],
    },
    "account": {
        "card": ["debit card", "replacement bank card", "new PIN", "card reader", "contactless card"],
        "site": ["your website", "the app", "the online shop", "your customer portal"],
        "when": WHEN,
        "acct": ["my account", "my online account", "my current account", "my savings account", "my profile", "my login"],
        "action": ["close", "update the address on", "change the name on", "reopen", "merge", "unlock"],
        "thing": ["password reset link", "verification code", "two-factor code", "account statement", "welcome email"],
    },
    "product_quality": {
        "goods": GOODS, "when": WHEN, "shop": SHOP,
        "broke": ["broke", "stopped working", "packed up", "died on me", "stopped heating", "cracked", "broke down",
                  "started leaking", "burned out", "stopped charging", "went dead", "fell apart", "rusted"],
        "fault": ["it won't turn on", "the screen flickers", "it makes a grinding noise", "it overheats",
                  "the picture keeps freezing", "it won't charge", "the motor hums but nothing moves",
                  "the handle snapped off", "the door won't shut", "a seam split open", "the lid came off"],
        "uses": ["the first time I used it", "after two uses", "within a month", "on day one", "after ten days"],
        "product": ["the kettle", "my new phone", "the washing machine", "the laptop", "the sofa", "these headphones",
                    "the vacuum cleaner", "the jacket", "the coffee machine"],
        "defect": ["stopped working after a week", "arrived cracked", "is leaking", "keeps crashing", "fell apart",
                   "smells of burning plastic", "won't switch on", "has a faulty battery", "is nothing like the description"],
    },
    "delivery": {
        "goods": GOODS, "when": WHEN,
        "damage": ["with a huge dent", "scratched all over", "in a crushed box", "soaking wet", "with parts missing",
                   "without the screws and the manual", "with the glass smashed in the box"],
        "wrong": ["a different model", "the wrong size", "somebody else's item", "a cheaper version", "only half of it"],
        "parcel": ["my parcel", "the package", "my order", "the delivery", "my furniture", "the replacement"],
        "problem": ["never arrived", "is three weeks late", "was left in the rain", "was delivered to the wrong address",
                    "is stuck in the depot", "shows delivered but isn't here", "arrived with half the items missing",
                    "came as the wrong model", "turned out to be someone else's order", "was lost",
                    "got lost in transit", "went missing", "was lost by the courier"],
        "thing": ["the sofa", "the fridge", "my wardrobe", "the washing machine", "the armchair", "the TV"],
        "courier": ["the courier", "the driver", "the delivery man", "DPD", "the van driver"],
    },
    "service": {
        "goods": GOODS,
        "work": ["the installation of my dishwasher", "the boiler repair", "the broadband installation", "the annual boiler service",
                 "the repair of my washing machine", "the fitting of the new kitchen", "my insurance claim"],
        "app": ["your mobile app", "the banking app", "the online booking system", "the shopping app"],
        "app_fault": ["logs me out every time I try to pay", "stopped showing my statements after the update", "crashes when I open it",
                      "won't let me book a slot", "freezes at checkout"],
        "fitter": ["the technician", "the fitter", "your plumber", "the electrician", "the engineer"],
        "botch": ["left the job half done", "did it so badly it has to be redone", "made it worse than before",
                  "drilled holes in the wrong wall", "left and now it leaks", "fixed nothing"],
        "delay": ["two weeks", "a month", "three visits", "six weeks"],
        "wait": ["an hour on hold", "two weeks for a reply", "45 minutes in the queue", "three days for a callback", "ages in the chat"],
        "channel": ["your helpline", "customer service", "the support chat", "your call centre", "the complaints line", "the branch"],
        "failure": ["nobody called me back", "my emails go unanswered", "I was passed around five departments",
                    "the engineer never turned up", "the appointment was cancelled without notice", "the chat keeps disconnecting"],
    },
    "staff_conduct": {
        "goods": GOODS,
        "person": ["your agent", "the manager", "a member of staff", "the engineer", "the cashier", "the advisor on the phone",
                   "the security guard"],
        "behaviour": ["was rude to me", "shouted at me", "swore at me", "laughed at me", "hung up on me", "was aggressive",
                      "was condescending and sarcastic", "made a racist remark", "refused to give me their name", "mocked my accent"],
    },
    "fraud_security": {
        "txn": ["a payment I never made", "three transactions I don't recognise", "a withdrawal of £500", "purchases abroad",
                "a transfer to someone I don't know"],
        "attack": ["someone hacked my account", "my card was cloned", "I got a phishing text pretending to be you",
                   "a scammer called claiming to be from your bank", "someone changed my password", "my identity was stolen"],
    },
    "privacy": {
        "data": ["my personal data", "my address", "my phone number", "my medical details", "my bank details", "my date of birth"],
        "breach": ["was shared with a third party", "was sent to another customer", "appeared in someone else's account",
                   "was sold to marketers", "was leaked online", "was read out in front of other customers"],
        "request": ["a copy of my data", "you to delete my data", "you to stop sending me marketing", "you to remove my details"],
    },
    "other": {
        "topic": ["your opening time", "the music in your store", "the colour of your new logo", "your website's font",
                  "the parking at your branch", "the temperature in the waiting room", "your advert on TV"],
        "opinion": ["is annoying", "is too loud", "is confusing", "is ugly", "should change", "is not great"],
    },
}

TEMPLATES = {
    "billing": [
        "I was charged {amount} for {item}", "you took {amount} from me for {item} without asking",
        "why is there {charge} on my bill", "{charge} was added even though I paid on time",
        "my bill for {item} is {amount} more than agreed", "I was billed twice for {item}",
        "you still charge me for {item} which I cancelled months ago", "the invoice for {item} is wrong, it says {amount}",
        "please explain {charge} of {amount}", "my refund of {amount} for {item} never came back to my card",
        "the price of {item} went up without any notice", "got charged {charge} out of nowhere",
        "direct debit for {item} taken twice this month", "overcharged again for {item}!!",
        "I dispute {charge} on my last statement",
    ],
    "account": [
        "I can't log into {acct}", "I asked you to {action} {acct} weeks ago and nothing happened",
        "{acct} was frozen without explanation", "I never got the {thing}", "the {thing} never arrives so I can't get into {acct}",
        "{acct} shows the wrong name and address", "you closed {acct} without telling me", "how many times must I ask you to {action} {acct}",
        "{acct} is locked after I entered the {thing}", "I'm unable to {action} {acct} online",
        "my details on {acct} are still not updated", "the {thing} you sent doesn't work",
    ],
    "product_quality": [
        "{product} {defect}", "I bought {product} and it {defect}", "really disappointed, {product} {defect}",
        "poor quality: {product} {defect}", "{product} {defect} and I want a replacement",
        "second time {product} {defect}", "the quality of {product} is awful, it {defect}",
        "I paid a lot for {product} and it {defect}", "{product} is defective, it {defect}", "faulty {product}, it {defect}",
        "{product} {defect} again, I want my money back and not another repair", "even after the repair {product} {defect}",
    ],
    "delivery": [
        "{parcel} {problem}", "still waiting, {parcel} {problem}", "{courier} said {parcel} was delivered but it {problem}",
        "tracking is useless, {parcel} {problem}", "{courier} threw {parcel} over the fence", "{parcel} {problem} again",
        "{courier} never even knocked and {parcel} {problem}", "where is {parcel}? it {problem}",
        "your delivery service is a joke, {parcel} {problem}", "I paid for next day delivery and {parcel} {problem}",
        "{courier} left {parcel} with a neighbour I don't know",
        "{thing} still has not been delivered although you promised", "instead of {thing} you delivered the wrong item",
        "{courier} brought {thing} a week late",
    ],
    "service": [
        "I waited {wait} on {channel} and {failure}", "{channel} is useless, {failure}", "{failure}, the service is terrible",
        "spent {wait} with {channel} and got nowhere", "{channel} keeps promising to help but {failure}",
        "nobody at {channel} could answer a simple question", "I have been waiting {wait} and {failure}",
        "the service at {channel} is getting worse, {failure}", "{failure} even though {channel} promised a call",
        "it took {wait} just to reach {channel}", "poor service from {channel}: {failure}",
        "{work} was booked for today and nobody came", "{work} is still not done after {delay}",
        "{fitter} came for {work} and {botch}", "{fitter} {botch}", "{app} {app_fault}", "since the update {app} {app_fault}",
        "I want to complain about {work}: {failure}", "I sent my machine for repair {delay} ago and still don't have it back",
        "after {fitter} visited nothing works, they {botch}",
    ],
    "staff_conduct": [
        "{person} {behaviour}", "I was treated badly, {person} {behaviour}", "{person} {behaviour} in front of my kids",
        "I want to complain about {person} who {behaviour}", "{person} {behaviour} when I asked for help",
        "unprofessional behaviour: {person} {behaviour}", "today {person} {behaviour}, I am shocked",
        "the way {person} spoke to me was disgraceful, they {behaviour}", "{person} {behaviour} and then walked off",
        "your employee {behaviour}", "I have never been spoken to like that, {person} {behaviour}",
    ],
    "fraud_security": [
        "there is {txn} on my statement", "I think {attack}", "{attack} and took money", "my card shows {txn}",
        "urgent: {attack}", "I need my card blocked, {attack}", "I did not authorise {txn}", "{attack}, please help",
        "fraud on my account, I see {txn}", "someone used my card for {txn}", "{attack} and you did nothing",
        "I reported that {attack} but you still allowed {txn}",
    ],
    "privacy": [
        "{data} {breach}", "I'm worried because {data} {breach}", "under GDPR I want {request}", "I asked for {request} and heard nothing",
        "how did {data} end up with strangers? it {breach}", "{data} {breach} without my consent", "I demand {request}",
        "data breach: {data} {breach}", "I never agreed to this, {data} {breach}", "please confirm you deleted {data}",
        "you ignored my request for {request}",
    ],
    "other": [
        "{topic} {opinion}", "just wanted to say {topic} {opinion}", "feedback: {topic} {opinion}", "honestly {topic} {opinion}",
        "not a big deal but {topic} {opinion}", "I think {topic} {opinion}", "small thing, {topic} {opinion}",
        "can you pass on that {topic} {opinion}", "my suggestion is about {topic}",
    ],
}

# More complaints, most naming goods (see GOODS): training examples of their category, but not
# embedded in the intent examples as ``{core}`` (their orders, returns and repairs blurred a new
# complaint with cancelling one or adding to one). Their groups number on after TEMPLATES'.
GOODS_TEMPLATES = {
    "billing": [
        "I was charged twice for {goods} I bought {when}", "you charged me {amount} for {goods} instead of the sale price",
        "I returned {goods} {when} and the refund still isn't on my card",
        "the refund for {goods} was promised {when} and never paid",
        "the receipt for {goods} from {shop} shows {amount} more than the shelf price",
        "{card_no} at the till although my balance is fine", "{card_no} twice {when}, there is money in my account",
        "you took payment for {goods}, then said it was out of stock and kept the money",
        "{card_no} even though my account is in credit", "I sent the order back {when} and the money is still not on my card",
    ],
    "account": [
        "I can't reset my password on {site}", "{site} won't accept my new password and locks me out",
        "I asked for a {card} {when} and still don't have it", "the branch promised my {card} {when}, it never came",
        "my login on {site} stopped working after I changed my email",
    ],
    "product_quality": [
        "I bought {goods} {when} from {shop} and it {broke}", "{goods} I bought from {shop} {when} {broke}",
        "{goods} {broke} {uses}", "got {goods} from {shop} {when}, {fault}", "{goods} from {shop} {broke} {uses}",
        "paid {when} for {goods} and {fault}", "{goods} is faulty: {fault}", "{goods} {broke} while I was using it",
        "bought {goods} {when}, {fault} already", "{goods} just {broke}, it is not even a month old",
        "{goods} was delivered {when} and {fault}",
    ],
    "delivery": [
        "I ordered {goods} {when} and it has not been delivered yet", "still waiting for {goods} I ordered {when}",
        "paid for {goods} {when} and the delivery never turned up", "{goods} arrived {damage}",
        "you delivered {wrong} instead of {goods}", "{goods} was delivered {damage}, the box was ripped",
        "I ordered {goods} but got {wrong}", "{courier} dumped {goods} outside the front door",
        "{goods} was meant to come {when}, no van, no call", "the delivery of {goods} was rescheduled three times",
    ],
    "service": [
        "I took {goods} in for repair and nobody has looked at it for {delay}", "{fitter} came to fix {goods} and {botch}",
        "after {fitter} repaired {goods} it works worse than before",
        "your repair centre has had {goods} for {delay} and it is still not fixed",
        "{fitter} was supposed to install {goods} and {botch}", "{app} is unusable: it {app_fault}",
    ],
    "staff_conduct": [
        "when I brought {goods} back, {person} {behaviour}", "{person} {behaviour} when I asked about {goods}",
        "I came to return {goods} and {person} {behaviour}",
    ],
}
