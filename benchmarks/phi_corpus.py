"""A synthetic PHI corpus of patient-support tickets, seeded, with every identifier's span labelled.

Each ticket mixes names, dates of birth, MRNs, phones, emails, street addresses, payment card numbers,
member/policy IDs and SSNs, written the many ways patients write them, with text that must NOT be
redacted (appointment dates, times, amounts, ticket numbers, provider names) so precision means
something. Every value is made up (phone numbers in 555, cards are Luhn-valid test-like numbers).

    .venv/bin/python benchmarks/phi_corpus.py --tickets 2000 --seed 7 --output phi_corpus.jsonl

Each line: {"id", "subject", "body", "requester", "spans": [{"type", "start", "end", "text"}]} with
spans as offsets into ``body``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Marisol Ahmed Keisha Tomasz Priya Wei Olumide Siobhan Dmitri Guadalupe Hiroshi Fatima Connor Aaliyah "
    "Mateo Ngozi Bjorn Lakshmi Xavier Ingrid Jamal Mei Rafael Svetlana Kwame Chloe Arjun Beatriz Yusuf "
    "Hannah Luis Amara Declan Esperanza Kenji Zainab Lucas Adaeze Oksana Tariq Rosalind Emeka Camila Nikolai "
    "Imani Santiago Freya Darnell Anh Valentina Gideon Leilani Ravi Margarethe Thiago Noor Callum Yesenia"
)
LAST = _words(
    "Okonkwo-Reyes Nakamura Fitzgerald Kowalski Ramanathan Zhang Adeyemi O'Sullivan Petrov Castillo Tanaka "
    "Al-Rashid Brennan Washington Gutierrez Eze Lindqvist Subramanian Moreau Halvorsen Whitaker Chen Delgado "
    "Ivanova Mensah Dubois Kapoor Figueiredo Demir Abernathy Villanueva Osei McAllister Bautista Yamamoto "
    "Haddad Schneider Nwosu Kovalenko Qureshi Ashworth Obi Herrera Sokolov Baptiste Iglesias Thorsen Jenkins "
    "Nguyen Romano Achterberg Kealoha Venkataraman Lindgren Carvalho Siddiqui Farrell Esquivel"
)
STREETS = _words("Larkspur Maple Oak Juniper Willow Cedar Birchwood Harbor Sunset Magnolia Aspen Riverside Chestnut")
SUFFIXES = ("Lane", "St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Drive", "Court", "Way", "Pl")
CITIES = (("Millbrook", "OH"), ("Spring Valley", "NY"), ("Fort Collins", "CO"), ("Austin", "TX"), ("Salem", "OR"))
MONTHS = _words("January February March April May June July August September October November December")
PROVIDERS = ("Dr. Patel", "Dr. Lee", "Dr. Romero", "Dr. Goldberg", "Dr. Haas")


@dataclass
class _Builder:
    """Text under construction with the spans of the identifiers written into it."""

    parts: list[str] = field(default_factory=list)
    spans: list[dict[str, Any]] = field(default_factory=list)
    length: int = 0

    def text(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)

    def phi(self, kind: str, value: str) -> None:
        self.spans.append({"type": kind, "start": self.length, "end": self.length + len(value), "text": value})
        self.text(value)

    def template(self, template: str, values: dict[str, tuple[str, str]]) -> None:
        """``template`` with ``{slot}`` filled by (kind, value) pairs; kind "" is plain text."""
        rest = template
        while "{" in rest:
            before, _, tail = rest.partition("{")
            slot, _, rest = tail.partition("}")
            self.text(before)
            kind, value = values[slot]
            (self.phi(kind, value) if kind else self.text(value))
        self.text(rest)


def _luhn_complete(prefix: str) -> str:
    total = 0
    for position, char in enumerate(reversed(prefix + "0")):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return prefix + str((10 - total % 10) % 10)


class _Values:
    """Identifier generators, each returning one realistic spelling."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def dob(self) -> str:
        y, m, d = self.r.randint(1931, 2019), self.r.randint(1, 12), self.r.randint(1, 28)
        return self.r.choice(
            (
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y}",
                f"{y}-{m:02d}-{d:02d}",
                f"{MONTHS[m - 1]} {d}, {y}",
                f"{d} {MONTHS[m - 1]} {y}",
                f"{m}/{d}/{y % 100:02d}",
                f"{MONTHS[m - 1][:3]} {d} {y}",
            )
        )

    def mrn(self) -> str:
        n = self.digits(self.r.randint(6, 9))
        return self.r.choice((n, f"RB-{n}", f"MRN{n}", f"P-{n[:6]}", f"{n[:3]}-{n[3:]}"))

    def phone(self) -> str:
        a, b = self.r.choice(("555", "212", "614", "720", "503")), self.digits(3)
        c = self.digits(4)
        return self.r.choice(
            (
                f"({a}) {b}-{c}",
                f"{a}-{b}-{c}",
                f"{a}.{b}.{c}",
                f"+1 {a} {b} {c}",
                f"{a}{b}{c}",
                f"1-{a}-{b}-{c}",
                f"{a}-{b}-{c} ext. {self.r.randint(2, 999)}",
                f"+44 20 {self.digits(4)} {self.digits(4)}",
            )
        )

    def email(self, first: str, last: str) -> str:
        user = self.r.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.r.randint(1, 99)}", first))
        user = "".join(c for c in user.lower() if c.isalnum() or c in "._")
        return f"{user}@{self.r.choice(('example.org', 'mail.example.com', 'example.net', 'clinic-mail.example'))}"

    def address(self) -> str:
        number, street, suffix = self.r.randint(1, 19999), self.r.choice(STREETS), self.r.choice(SUFFIXES)
        city, state = self.r.choice(CITIES)
        unit = self.r.choice(
            ("", "", f" Apt {self.r.randint(1, 40)}{self.r.choice('ABC')}", f", Unit {self.r.randint(1, 9)}")
        )
        return self.r.choice(
            (
                f"{number} {street} {suffix}{unit}",
                f"{number} {street} {suffix}{unit}, {city}, {state} {self.digits(5)}",
                f"{number} {self.r.choice('NSEW')} {street} {suffix}",
                f"PO Box {self.r.randint(10, 9999)}",
            )
        )

    def card(self) -> str:
        if self.r.random() < 0.25:
            n = _luhn_complete("37" + self.digits(12))
            return self.r.choice((n, f"{n[:4]} {n[4:10]} {n[10:]}", f"{n[:4]}-{n[4:10]}-{n[10:]}"))
        start = self.r.choice(("4", "51", "52", "6011"))
        n = _luhn_complete(start + self.digits(15 - len(start)))
        return self.r.choice(
            (n, " ".join(n[i : i + 4] for i in range(0, 16, 4)), "-".join(n[i : i + 4] for i in range(0, 16, 4)))
        )

    def member(self) -> str:
        letters = "".join(self.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3))
        return self.r.choice(
            (
                f"{letters}{self.digits(9)}",
                f"W{self.digits(9)}",
                f"{letters}-{self.digits(5)}-{self.digits(2)}",
                f"{self.digits(1)}{letters[0]}{letters[1]}{self.digits(1)}-{letters[2]}{self.digits(1)}X-{letters[:2]}{self.digits(2)}",
                self.digits(11),
            )
        )

    def ssn(self) -> str:
        a, b, c = self.r.randint(100, 665), self.r.randint(10, 99), self.r.randint(1000, 9999)
        return self.r.choice((f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"))


# (template, needs) — slots: name first last dob mrn phone email address card member ssn and distractors
# date time amount ticket provider (plain text, never PHI).
_SENTENCES: tuple[str, ...] = (
    "My date of birth is {dob}.",
    "DOB: {dob}",
    "I was born on {dob} if you need to verify.",
    "Patient DOB {dob}, MRN {mrn}.",
    "My medical record number is {mrn}.",
    "MRN: {mrn}",
    "Chart # {mrn} in case that helps.",
    "Please call me back at {phone}.",
    "You can reach me at {phone} after 5.",
    "Phone: {phone}",
    "My cell is {phone} and my work number is {phone2}.",
    "Email me at {email} instead of calling.",
    "My email address is {email}.",
    "Send it to {email} please.",
    "I moved to {address} last month.",
    "Please mail the statement to {address}.",
    "My new address is {address}.",
    "I paid with my card {card} but it was charged twice.",
    "The card number was {card}, exp {expiry}.",
    "Can you refund it to {card}?",
    "My member ID is {member}.",
    "Insurance member id: {member}",
    "Policy number {member}, group through my employer.",
    "My SSN is {ssn} if you need it.",
    "Social security number {ssn}.",
    # harder: no colon, odd labels, lower case, identifiers next to other numbers
    "best number to reach me on is {phone}",
    "text me at {phone} thx",
    "b-day {dob}, in case there are two of us",
    "Birthdate {dob}",
    "med rec no. {mrn}",
    "Hospital ID {mrn} (from the ER visit on {date})",
    "my insurance ID card shows {member}",
    "Medicaid ID {member}",
    "Subscriber ID {member} for {amount}",
    "my email is {email} (please don't use the old one)",
    "I live at {address} now.",
    "The bill went to my old place, {address}, by mistake.",
    "Last 4 of my SSN are {ssn4}.",
    "card ending in {card4} was declined",
    "Security code {cvv}, it is a Visa {card}.",
    "call {phone} or {phone2}, whichever works",
)
_CONTEXT: tuple[str, ...] = (
    "I have an appointment on {date} at {time} with {provider}.",
    "I was charged {amount} for the visit and I think that's wrong.",
    "This is about ticket {ticket} from last week.",
    "{provider} said the results would be in the portal.",
    "I called 3 times over 2 weeks and nobody called back.",
    "The portal keeps saying my password expired.",
    "Can I reschedule to {date} instead?",
    "I owe {amount} according to the statement dated {date}.",
)
_OPENERS = (
    "Hi, my name is {first} {last}.",
    "Hello, this is {first} {last}.",
    "Patient: {first} {last}",
    "Hi, I'm {first}.",
    "Good morning,",
    "Hello,",
    "Hi there, {first} {last} here.",
    "I'm writing for my daughter {child}.",
    "my name is {lfirst} {llast} and i need help",
    "Dear support team, my son {child} {last} needs his records.",
)
_CLOSERS = (
    "Thanks,\n{first}",
    "Thank you,\n{first} {last}",
    "Regards, {first} {last}",
    "Best,\n{first}",
    "Thanks!",
    "",
)
_SUBJECTS = ("Question about my bill", "Records request", "Need to update my info", "Refund", "Appointment", "Help")


def _slots(v: _Values, first: str, last: str, r: random.Random) -> dict[str, Callable[[], tuple[str, str]]]:
    month = r.choice(MONTHS)
    return {
        "first": lambda: ("NAME", first),
        "last": lambda: ("NAME", last),
        "lfirst": lambda: ("NAME", first.lower()),
        "llast": lambda: ("NAME", last.lower()),
        "child": lambda: ("NAME", r.choice(FIRST)),
        "dob": lambda: ("DOB", v.dob()),
        "mrn": lambda: ("MRN", v.mrn()),
        "phone": lambda: ("PHONE", v.phone()),
        "phone2": lambda: ("PHONE", v.phone()),
        "email": lambda: ("EMAIL", v.email(first, last)),
        "address": lambda: ("ADDRESS", v.address()),
        "card": lambda: ("CARD", v.card()),
        "expiry": lambda: ("CARD", f"{r.randint(1, 12):02d}/{r.randint(26, 31)}"),
        "member": lambda: ("MEMBER_ID", v.member()),
        "ssn4": lambda: ("SSN", v.digits(4)),
        "card4": lambda: ("CARD", v.digits(4)),
        "cvv": lambda: ("CARD", v.digits(3)),
        "ssn": lambda: ("SSN", v.ssn()),
        "date": lambda: (
            "",
            r.choice((f"{month} {r.randint(1, 28)}", f"{r.randint(1, 12)}/{r.randint(1, 28)}", "Tuesday")),
        ),
        "time": lambda: ("", r.choice(("2:30 pm", "9am", "10:15"))),
        "amount": lambda: ("", f"${r.randint(20, 2400)}.{r.randint(0, 99):02d}"),
        "ticket": lambda: ("", f"#{r.randint(1000, 99999)}"),
        "provider": lambda: ("", r.choice(PROVIDERS)),
    }


def _fill(builder: _Builder, template: str, slots: dict[str, Callable[[], tuple[str, str]]]) -> None:
    names = [part.partition("}")[0] for part in template.split("{")[1:]]
    builder.template(template, {name: slots[name]() for name in names})


def generate(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` labelled tickets; the same ``seed`` gives the same corpus."""
    r = random.Random(seed)
    v = _Values(r)
    for i in range(n):
        first, last = r.choice(FIRST), r.choice(LAST)
        slots = _slots(v, first, last, r)
        body = _Builder()
        _fill(body, r.choice(_OPENERS), slots)
        sentences = r.sample(_SENTENCES, r.randint(2, 5)) + r.sample(_CONTEXT, r.randint(0, 2))
        r.shuffle(sentences)
        for sentence in sentences:
            body.text(" ")
            _fill(body, sentence, slots)
        closer = r.choice(_CLOSERS)
        if closer:
            body.text("\n\n")
            _fill(body, closer, slots)
        yield {
            "id": f"phi-{i:05d}",
            "subject": r.choice(_SUBJECTS),
            "body": "".join(body.parts),
            "requester": f"{first} {last}",
            "spans": body.spans,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, help="JSONL file (default: stdout)")
    args = parser.parse_args(argv)
    lines = (json.dumps(t) + "\n" for t in generate(args.tickets, args.seed))
    if args.output is None:
        sys.stdout.writelines(lines)
    else:
        args.output.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
