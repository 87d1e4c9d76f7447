"""Medicine questions the safety screen sends to a nurse: what a new drug does to a level a patient watches, how to
come down a taper, whether a food or drink interferes with a medicine, and driving on one. Written for this file in
wordings other than the blind probes that showed them missing.
"""

from __future__ import annotations

import pytest

from agent.safety import Risk, screen

CLINICAL = [
    "the urgent care put me on bactrim for a UTI, will it mess with my INR?",
    "My mom started prednisone for her lungs. Could that raise her blood sugars?",
    "can the new antibiotic throw off my levels? I'm on lithium",
    "The doctor wants me off the steroid over two weeks. How should I taper it",
    "finished the big doses of prednisone, when do I come off it",
    "dr said taper the gabapentin, the label says 300 three times a day",
    "my mom takes eliquis and someone at church told her turmeric interferes with it. should she stop the turmeric?",
    "does grapefruit juice really mess with them? I'm on two statins",
    "the ER gave me tizanidine for my neck, can I drive to work while on it",
    "is it safe flying the plane on these? they're muscle relaxers",
]

ROUTINE = [
    "how do I come down to the Eastside clinic from the highway?",
    "will the new insurance affect my pill coverage?",
    "can you refill my prednisone taper pack, the pharmacy says it needs a new script",
    "Will the new plan change my copay for the INR clinic?",
    "does this change my appointment time on Friday?",
    "I got my lisinopril refill but the pharmacy app messes with it every month, can you resend it",
    "the new portal update messes with it and I can not log in to see my metformin refill",
]


@pytest.mark.parametrize("text", CLINICAL)
def test_effects_on_a_watched_level_and_tapers_go_to_a_nurse(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.CLINICAL, verdict


@pytest.mark.parametrize("text", ROUTINE)
def test_directions_coverage_and_refills_stay_routine(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict
