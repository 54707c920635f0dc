"""The compare-and-set on a learner's state (claims.py, QuizBlock._store), within one process.

Two block instances over one store stand for two requests of the same learner: each reads the
state, and only the first to write may. (Two OS processes: test_xblock_workbench.py.)
"""

from __future__ import annotations

import uuid

import pytest

from coursepack_quiz_xblock import claims, learner
from coursepack_quiz_xblock.block import QuizBlock
from coursepack_quiz_xblock.learner import Conflict

from cpq_helpers import RecordingRuntime, call


def test_a_claim_is_taken_once_and_given_back():
    store = claims.LocalClaims()
    assert store.add("k", 1, 60) and not store.add("k", 1, 60) and store.add("other", 1, 60)
    store.delete("k")
    assert store.add("k", 1, 60)
    assert store.add("brief", 1, 0) and store.add("brief", 1, 0)  # an expired claim decides nothing


def test_claims_of_different_states_do_not_meet():
    first = claims.claim("block\nlearner", "tag-1")
    assert first is not None and claims.claim("block\nlearner", "tag-1") is None
    assert claims.claim("block\nlearner", "tag-2") is not None and claims.claim("block\nother", "tag-1") is not None
    first()
    assert claims.claim("block\nlearner", "tag-1") is not None


def two_requests(make_block, source):
    runtime, usage = RecordingRuntime(), f"shared-{uuid.uuid4().hex}"  # claims outlive a test: a block of its own
    first = make_block(source, runtime=runtime, usage=usage)
    return first, make_block(None, runtime=runtime, usage=usage)  # the same block, read again


def test_a_reset_that_read_old_state_cannot_refund_an_attempt(make_block, fixture_source):
    """The attack: start a reset, let a submission land, then let the reset write back the
    attempt count it read. The reset must be refused and the attempt stay spent."""
    resetting, submitting = two_requests(make_block, fixture_source)
    call(resetting, "submit", {"responses": {}})
    tag, state = resetting._snapshot()
    status, reply = call(submitting, "submit", {"responses": {}})
    assert status == 200 and reply["attempts_used"] == 2
    with pytest.raises(Conflict):
        resetting._store(tag, learner.reset(resetting.quiz_model(), state, True))
    fresh = submitting.runtime.construct_xblock_from_class(QuizBlock, submitting.scope_ids)
    assert fresh.attempts_used == 2 and fresh.result


def test_the_same_state_is_written_once(make_block, fixture_source):
    one, other = two_requests(make_block, fixture_source)
    snapshots = [one._snapshot(), other._snapshot()]
    one._store(snapshots[0][0], learner.submit(one.quiz_model(), snapshots[0][1], {}).state)
    with pytest.raises(Conflict):
        other._store(snapshots[1][0], learner.submit(other.quiz_model(), snapshots[1][1], {}).state)
    assert one.attempts_used == 1 and "attempts_used" not in {f.name for f in other._dirty_fields}


class FailingOnce(RecordingRuntime):
    """Storage that fails on the first write of learner state (a database error, say)."""

    def __init__(self):
        super().__init__()
        self.failed = False
        data = self._services["field-data"]
        original = data.set_many

        def set_many(block, update):
            if "attempts_used" in update and not self.failed:
                self.failed = True
                raise OSError("the database went away")
            return original(block, update)

        data.set_many = set_many


def test_a_failed_write_gives_its_claim_back(make_block, fixture_source):
    block = make_block(fixture_source, runtime=FailingOnce())
    with pytest.raises(OSError):
        call(block, "submit", {"responses": {}})
    assert block.attempts_used == 0 and block.state_tag == ""
    status, reply = call(block, "submit", {"responses": {}})  # not refused as "changed by another request"
    assert status == 200 and reply["attempts_used"] == 1
