"""Modality cues: what makes a reported contact denied, planned, cancelled, hoped-for, habitual, or no contact at all.

Templates use the language of contacts.py (``{verb}`` inflected, ``a|b`` alternatives, ``word?`` optional).
Each family is applied by contacts.py within the clause of its trigger and the reach named there.
"""

from __future__ import annotations

# "is yet to meet", "did not meet", "has never met": the contact did not happen.
NEGATION: tuple[str, ...] = (
    "yet to",
    "did|does|do not",
    "didn't|didn’t|doesn't|doesn’t|don't|don’t",
    "has|have|had not",
    "hasn't|hasn’t|haven't|haven’t|hadn't|hadn’t",
    "never",
    "no longer",
    "not",
    "failed to",
    "refused to",
    "declined to",
    "unable to",
    "without",
)
# "not only ... but": no denial.
NEGATION_EXCEPTIONS: tuple[str, ...] = ("not only", "not just", "not least")
# "are not expected to hold a summit this year", "has no plans to meet": a plan denied, however far its verb reaches.
NEGATED_PLAN: tuple[str, ...] = (
    "not *? expected|scheduled|set|planned|due|slated|likely to",
    "no plan|plans to",
    "no plans for",
)
# "there was no meeting", "no formal talks": the event itself is denied.
NO_EVENT: tuple[str, ...] = ("there was|were|is|are no", "there has|had|have been no")

# "is set to meet", "will hold talks", "plans to visit": the contact lies ahead.
PLANNED: tuple[str, ...] = (
    # An adverb may stand between: "are also expected to", "is now set to", "was originally scheduled to".
    "is|are|was|were *? set|scheduled|expected|due|slated|poised|going to",
    "is|are to",
    "will",
    "would",
    "shall",
    "{plan} to",
    "planned",
    "scheduled",
    "upcoming",
    "forthcoming",
    "{agree} to hold|meet|continue",
    "ahead of",
    "{propose}",
    "proposed",
    "to meet",
    "to hold",
    "to visit",
    "to call",
    "to sit down",
    "to talk",
    "to speak",
    "en route",
    "arranging",
    "next week|month",
    "later this week|month",
    "{intend} to",
    # A read-out's "looks forward to welcoming X to Washington later this month" (not "to close consultations").
    "{look} forward to welcoming|hosting|meeting|seeing|receiving|visiting",
    "{prepare} to",
    "{arrange} to",
)
# "Pence was going to meet ... on February 10": a plan as of a past day, whose date may lie behind the story's.
PAST_PLAN: tuple[str, ...] = ("was|were going|set|scheduled|expected|due|supposed|slated|to", "had planned")
# "talks were scheduled", right after the trigger; "the talks, set for Monday", a little further.
PLANNED_AFTER: tuple[str, ...] = ("is|are|was|were set|scheduled|expected",)
PLANNED_SOON_AFTER: tuple[str, ...] = ("set|scheduled for",)

# "canceled the summit", "the talks were called off".
CANCELLED: tuple[str, ...] = (
    "{cancel}",
    "cancelled",
    "called off",
    "{call} off",
    "{postpone}",
    "{scrap}",
    "put off",
    "{shelve}",
    "{suspend}",
    "pulled out of",
)
# "the meeting has been postponed": a cancellation reported after the trigger, in the passive.
CANCELLED_PASSIVE: tuple[str, ...] = (
    "has|have|had been cancelled|canceled|postponed|scrapped|shelved|suspended",
    "has|have|had been called off",
    "was|were cancelled|canceled|postponed|scrapped|shelved|suspended",
    "was|were called off",
)
# "led the delegation to meet Kim", "traveled to Pyongyang to meet": a past trip's purpose is a contact held.
TRIP_PURPOSE: tuple[str, ...] = ("led", "traveled", "travelled", "flew", "went", "visited", "came")
TRIP_PURPOSE_VERBS: tuple[str, ...] = ("to meet", "to convey", "to deliver", "to brief", "to hand over", "to pass on")

# "headed to Thailand on Saturday for ... talks with his Japanese counterpart": a traveller setting off, the contact
# his purpose still ahead (unlike a past trip's "traveled to Pyongyang to meet", which tells of it held).
DEPARTURE: tuple[str, ...] = (
    "{leave} for",
    "{head} to|for",
    "{depart} for",
    "{set} off|out for",
    "en route to|for",
    "on his|her|their way to",
)
# What joins a departure to its purpose: "for talks", "to meet", "to attend"; not "after talks" (behind him).
DEPARTURE_PURPOSE: tuple[str, ...] = ("for", "to meet|hold|attend|discuss|visit")

# Not a contact at all: hoped for, possible, invited.
SPECULATIVE: tuple[str, ...] = (
    "willing|willingness|readiness to",  # "reiterated his willingness to meet Kim anytime"
    "open to",
    "{hope}",
    "would like",
    "{want} to",
    "might",
    "could",
    "invitation",
    "promise",
    "should he|she|they|it",
    "should either side",
    "in case",
    "change his|her|their mind|minds",
    "{consider}",
    "mulling",
    "idea of",
    "prospect of",
    "prospects for",
    "likely",
    "unlikely",
    "perhaps",
    "possibly",
    "{seek}",
    "if",
    "unless",
    # A report denied: "denied a newspaper report that one of its officials had secretly met ...".
    "{deny} a|the|media|press|news *? report|reports|claims|allegations that",
    "{deny} reports|claims|allegations that",
)
# A hedge on a firm plan is still a plan: "The envoys will likely meet next week" (gold: planned), unlike
# "appear likely to hold further talks" (SPECULATIVE).
SPECULATIVE_EXCEPTIONS: tuple[str, ...] = ("will likely", "will most likely")
# Means under discussion, which govern only a contact close after them in their clause: "discussed ways to
# resume talks via a virtual summit" (but not "..., around the time of Moon's summit with Biden in May").
SPECULATIVE_NEAR: tuple[str, ...] = ("ways|way to|of", "options for", "idea of", "possibility of")
# Adjectives hedge the noun right after them: "a possible meeting with Yun ... in his phone conversation held
# Wednesday" hedges the meeting, not the call.
SPECULATIVE_ADJECTIVES: tuple[str, ...] = ("potential", "possible")
# "only exchanged greetings": a handshake in passing is no contact (domain notes).
GREETINGS_ONLY: tuple[str, ...] = (
    "only {exchange} greetings|pleasantries",
    "briefly {exchange} greetings|pleasantries",
)
# Written in lower case these are other words ("May" the month): they count only as written.
SPECULATIVE_AS_WRITTEN: tuple[str, ...] = ("may",)
# "plan to meet once a month": a habit, not a contact.
RECURRING: tuple[str, ...] = ("once a month|week|year", "every month|week|year", "regularly", "on a regular basis")
# A briefing, a speech, an interview: one side talking, whatever contact word stands next to it.
NOT_A_CONTACT: tuple[str, ...] = (
    "press briefing|conference",
    "briefing",
    "speech",
    "interview",
    "opening statement|statements",
    "doorstep",
    # "Kim told Yonhap News Agency by phone": an interview with the press, however it was held.
    "{tell} reporters|journalists|yonhap|reuters|afp|ap|cnn|nhk|kyodo|xinhua|tass|bloomberg",
)
