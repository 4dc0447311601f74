"""Contact cues: the ways news copy, state media and government read-outs say two officials were in contact.

Each cue is a phrase template and the kind of contact it reports. Templates are words separated by
spaces, where
  ``{meet}``       is every inflection of a verb (meet, meets, met, meeting),
  ``a|an|the``     is one of several words,
  ``word?``        is a word that may be left out,
  ``*``            is any one word ("held | bilateral | talks"),
  ``...``          is a short run of words in a name ("session of the ... working group"),
  ``~``            is a verb's object, up to twenty words without punctuation ("discussed ~ with").
A cue marked ``person`` counts only when a person is named right after it: "called Kang" is a
phone call, "called for restraint" is not; "hosted Moon" is a meeting, "hosted the Games" is not.

Kinds are listed from the most specific: where cues overlap ("held phone talks" is also "held talks"),
the earlier kind wins.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    kind: str
    template: str
    person: bool = False  # a person must be named right after the phrase


# The past forms that do not follow the spelling rules (and doubled consonants, which the rules cannot tell).
IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "meet": ("met",),
    "speak": ("spoke", "spoken"),
    "hold": ("held",),
    "sit": ("sat",),
    "have": ("had",),
    "write": ("wrote", "written"),
    "pay": ("paid",),
    "shake": ("shook", "shaken"),
    "send": ("sent",),
    "lead": ("led",),
    "seek": ("sought",),
    "fly": ("flew", "flown"),
    "go": ("went", "gone"),
    "come": ("came",),
    "get": ("got",),
}
# Verbs that double their last consonant before -ed and -ing.
DOUBLED_VERBS = frozenset({"confer", "chat", "sit", "scrap", "ship", "plan"})

CONTACT_CUES: tuple[Cue, ...] = (
    # Video, first: "held a video call with X" is no telephone "call with X".
    Cue("video_call", "video conference|call|link|summit|talks|meeting|conferences"),
    Cue("video_call", "videoconference|videoconferences|video-conference"),
    Cue("video_call", "virtual|online meeting|summit|talks|conference"),
    # Telephone
    # Japan's foreign ministry writes of a "Telephone Talk" (in the singular).
    Cue(
        "phone_call", "phone|telephone conversation|conversations|call|calls|talk|talks|summit|conference|consultations"
    ),
    Cue("phone_call", "{speak} by|over|on the? phone|telephone"),
    Cue("phone_call", "{talk} by|over|on the? phone|telephone"),
    Cue("phone_call", "by|over|via the? phone|telephone"),
    Cue("phone_call", "hotline call|conversation"),
    Cue("phone_call", "{phone}", person=True),
    Cue("phone_call", "{telephone}", person=True),
    Cue("phone_call", "{call}", person=True),
    Cue("phone_call", "call|calls|conversation|conversations with", person=True),
    Cue("phone_call", "{receive} a|an phone|telephone? call from"),  # "received a call from his Japanese counterpart"
    # Letters
    Cue("letter", "exchange of letters"),
    Cue("letter", "{exchange} *? letters|messages"),  # "exchanged personal letters"
    Cue("letter", "{send} a|an|his|her *? reply|response|answer to", person=True),  # "sent a reply to Voss's letter"
    Cue("letter", "a|personal|handwritten? letter to|from"),
    Cue("letter", "a|an|his|her * *? letter|letters to|from"),  # "a personal letter from", a "beautiful letter" from
    Cue("letter", "{send} a|an? letter|letters"),
    Cue("letter", "{write} to", person=True),
    Cue("letter", "correspondence"),
    # Standing groups
    Cue("working_group", "meeting|session of the ... working group"),
    Cue("working_group", "working group meeting|session|talks"),
    # Summits
    Cue("summit", "summit meeting|talks?"),
    Cue("summit", "sum- mit"),
    # Meetings
    Cue("meeting", "{meet} separately? with?"),
    Cue("meeting", "meeting|meetings with|between"),
    Cue("meeting", "after|before|while|since|upon|without meeting", person=True),
    Cue("meeting", "meeting", person=True),  # "with Pompeo also meeting Kim Yong Chol": the verb, a person after it
    Cue("meeting", "{hold} a|an|their? *? meeting|meetings|talks|discussions|consultations"),
    Cue("meeting", "a|the|their|his|her|first|second|last|previous|latest|next meeting"),
    Cue("meeting", "the|that|this|their * *? meeting|talks|summit"),  # "the February 10 meeting": a reference back
    Cue("meeting", "talks|discussions|consultation|consultations with|between"),
    # "talks on its sidelines with Kono", "a meeting in Beijing on Tuesday with Wang": a short phrase between.
    Cue("meeting", "talks|meeting|meetings|discussions on|in|at|over * *? *? with", person=True),
    Cue("meeting", "{sit} down for? talks? with"),
    Cue("meeting", "one-on-one meeting|talks"),
    Cue("meeting", "one-on-one with"),  # "held a separate one-on-one with Hamasaki"
    Cue("meeting", "bilateral|trilateral|face-to-face|in-person|one-on-one|formal|first|summit|high-level talks"),
    Cue("meeting", "bilateral|trilateral meeting"),
    # "a trilateral foreign ministers' meeting", "a three-way vice-ministerial session".
    Cue("meeting", "bilateral|trilateral|three-way|four-way * *? meeting|meetings|talks|session|dialogue"),
    Cue("meeting", "three-way|four-way|trilateral conversation|conversations|dialogue"),
    Cue("meeting", "days|round|rounds of talks"),
    Cue(
        "meeting", "strategic|security|vice-ministerial|ministerial|high-level|diplomatic|defense|defence|2+2 dialogue"
    ),
    Cue("meeting", "{hold} a|an|their|the? *? *? dialogue"),  # "held their annual political dialogue"
    Cue("meeting", "{conduct} talks"),
    Cue("meeting", "during|amid|in talks|discussions|consultations"),
    # A photo caption: "X poses with his counterparts -- A and B -- before discussions on ... in Tokyo".
    Cue("meeting", "before|after discussions|talks|consultations"),
    Cue("meeting", "{engage} in talks"),
    Cue("meeting", "dinner|lunch|luncheon|breakfast with"),
    Cue("meeting", "{dine} with"),
    Cue("meeting", "{have} a? working? lunch|dinner|breakfast|luncheon"),
    Cue("meeting", "{talk} with|to", person=True),
    # State media: "had a talk with the delegation", "had a friendly talk with".
    Cue("meeting", "{have} a|an *? talk|talks|conversation with"),
    Cue("meeting", "{speak} with|to", person=True),
    Cue("meeting", "{speak} today|yesterday|again|separately|briefly|directly|later with|to", person=True),
    Cue("meeting", "{talk} today|yesterday|again|separately|briefly|directly|later with|to", person=True),
    Cue("meeting", "{confer} with"),
    # A protest in person: "summoned Ambassador X", "called in the ambassador, X".
    Cue("meeting", "{summon}", person=True),
    Cue("meeting", "{call} in", person=True),
    Cue("meeting", "{discuss} ~ with", person=True),
    Cue("meeting", "{pay} a courtesy call|visit on|to"),
    Cue("meeting", "{pay} a|an *? *? call|visit on|to", person=True),  # "paid a farewell call on", "a visit to" him
    Cue("meeting", "courtesy call|visit on|to|from"),
    # Ministries' read-outs: "exchanged views with his Japanese counterpart on the sidelines of ...".
    Cue("meeting", "{exchange} views|opinions with", person=True),
    # "Mori and Park exchanged views on North Korea": the two as subjects ("views with reporters" is the cue above's).
    Cue("meeting", "{exchange} views|opinions on|about|over|regarding"),
    # State media: "hosted a banquet in honor of the visiting premier".
    Cue("meeting", "banquet|dinner|luncheon|reception in honor|honour of", person=True),
    Cue("meeting", "banquet|dinner|luncheon|reception for", person=True),
    Cue("meeting", "{call} on", person=True),
    Cue("meeting", "{host}", person=True),
    Cue("meeting", "{welcome}", person=True),
    Cue("meeting", "{receive}", person=True),
    Cue("meeting", "{greet}", person=True),
    Cue("meeting", "{visit}", person=True),
    Cue("meeting", "is|are|was|were|been greeted|received|welcomed|hosted ... by", person=True),
    Cue("meeting", "{receive} a|the *? *? delegation"),
    Cue("meeting", "{host} a|the *? *? delegation"),
    Cue("meeting", "{welcome} a|the *? *? delegation"),
    Cue("meeting", "{shake} hands with?"),
    Cue("meeting", "{lead} the ... delegation to meet"),
    Cue("meeting", "{agree} to continue discussions|talks"),
    Cue("meeting", "{agree} to meet"),
    Cue("meeting", "{agree} to hold talks"),
    Cue("meeting", "{agree} to hold a meeting"),
    Cue("meeting", "audience with"),
)


# Who else sat in: "(From the Japanese side Mr. X, ... and from the ROK side Mr. Y ... attended the meeting.)", the way
# ministries' read-outs list the delegations. The people such a sentence names join the contact being told of.
ATTENDANCE: tuple[str, ...] = (
    "{attend} the meeting|talks|dinner|luncheon|call|conversation",
    "also {attend}",
    "was|were also? present",
    "present at the reception|meeting|talks|dinner|luncheon",  # KCNA: "Present at the reception were ..."
    "was|were in attendance",
    "{sit} in on the",
    "{join} the meeting|talks|dinner|luncheon",
    "from the * side",
    # "The delegation included Pak Ji Song, minister of Unification, and ...": its members named after its head.
    "the delegation also? {include}",
    "members of the delegation were|included",
)
