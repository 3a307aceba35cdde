"""Demo agreements with their parties, signatories, relations and topics; part of DemoData (generator.py)."""

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementRelation,
    AgreementScope,
    AgreementStatus,
    PartyRole,
    RelationKind,
    Signatory,
)
from portal.demo_data import vocabulary as words
from portal.demo_data.rows import DEMO_URL, Row


class AgreementsMixin:
    """Needs the organizations, people, topics and events DemoData has drawn before."""

    def agreements(self):
        """Agreements between two or three parties, a few signed at a signing event, some with their signatories."""
        kinds, kind_weights = zip(*words.AGREEMENT_KIND_WEIGHTS.items(), strict=True)
        statuses, status_weights = zip(*words.AGREEMENT_STATUS_WEIGHTS.items(), strict=True)
        first = self.next_ids[Agreement]
        for index in range(1, self.counts[Agreement] + 1):
            kind = self.rng.choices(kinds, weights=kind_weights)[0]
            status = self.rng.choices(statuses, weights=status_weights)[0]
            parties = self.org_picker.distinct(self.rng.choice((2, 2, 2, 3)))
            topics = self.topic_picker.distinct(self.rng.choice((1, 1, 2, 3)))
            signed_at, signed_on = self._signing(status)
            in_force_on, ended_on, status = self._life(status, signed_on)
            names = [party.label for party in parties]
            title = f"{self.labels[kind]} between {', '.join(names[:-1])} and {names[-1]} on {topics[0][1]}"
            slug = self._slug(title, index)
            agreement = self._new(
                Agreement,
                title=title,
                short_name=f"{words.SHORT_NAMES[kind]} {signed_on[:4]}"
                if signed_on and self.rng.random() < 0.25
                else "",
                slug=slug,
                kind=kind,
                binding={AgreementKind.TREATY: True, AgreementKind.MOU: False}.get(kind),
                scope=AgreementScope.BILATERAL if len(parties) == 2 else AgreementScope.MULTILATERAL,
                status=status,
                signed_on=signed_on,
                place_signed=self.country_names.get(parties[0].country, "") if signed_on else "",
                in_force_on=in_force_on,
                ended_on=ended_on,
                summary=f"The parties agree to cooperate on {', '.join(name for _, name in topics)}.",
                text_url=f"{DEMO_URL}/texts/{slug}" if self.rng.random() < 0.4 else "",
                signed_at_id=signed_at,
            )
            yield from self._cited(agreement)
            for number, party in enumerate(parties):
                role = PartyRole.EXECUTING_AGENCY if number and self.rng.random() < 0.1 else PartyRole.PARTY
                yield Row.of(AgreementParty, agreement_id=agreement.id, organization_id=party.id, role=role)
            if signed_on and self.rng.random() < 0.4:
                yield from self._signatories(agreement.id, parties)
            if index > 1 and self.rng.random() < 0.03:
                target = first + self.rng.randrange(index - 1)
                yield Row.of(
                    AgreementRelation,
                    source_id=agreement.id,
                    target_id=target,
                    kind=self.rng.choice(RelationKind.values),
                )
            yield from self._tags(Agreement, agreement.id, topics)

    def _signing(self, status):
        """(signing event id or None, signed on) for an agreement of `status`; one in ten signed at an event."""
        if status == AgreementStatus.NEGOTIATING:
            return None, ""
        if self.signings and self.rng.random() < 0.1:
            return self.rng.choice(self.signings)
        return None, self.dates.partial()

    def _life(self, status, signed_on):
        """(in force on, ended on, status): dates that agree with the status, the status lowered when they cannot."""
        if status in (AgreementStatus.NEGOTIATING, AgreementStatus.SIGNED):
            return "", "", status
        in_force_on = self.dates.after(signed_on, 2 * 365)
        if not in_force_on:
            return "", "", AgreementStatus.SIGNED
        if status in (AgreementStatus.IN_FORCE, AgreementStatus.SUSPENDED):
            return in_force_on, "", status
        ended_on = self.dates.after(in_force_on, 20 * 365)
        return in_force_on, ended_on, status if ended_on else AgreementStatus.IN_FORCE

    def _signatories(self, agreement_id, parties):
        """Who signed for the first two parties: a person holding a post there, else a name alone."""
        for position, party in enumerate(parties[:2]):
            posts = self.posts_by_org.get(party.id)
            if posts:
                person_id, title = self.rng.choice(posts)
                yield Row.of(
                    Signatory,
                    agreement_id=agreement_id,
                    person_id=person_id,
                    organization_id=party.id,
                    title=title,
                    position=position,
                )
            else:
                yield Row.of(
                    Signatory,
                    agreement_id=agreement_id,
                    name=self._person_name(),
                    organization_id=party.id,
                    position=position,
                )
