"""An optional free-form prospect played by a language model behind an OpenAI-compatible
HTTP endpoint that the user configures (for example a local llama.cpp or vLLM server).

Off by default: the scripted engine is the default and nothing here runs unless a URL is given
(``callcoach drill run … --llm-url http://127.0.0.1:8080/v1``). The model gets the persona
(problem, cost, assumptions, stalls and what unlocks them) as its system prompt and the drill
so far as the conversation; the live cues and the final scorecard still come from the
detectors, never from the model. The drill's text goes to the endpoint you name, so use a
server on this machine to keep it here. Only the standard library is used for HTTP.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from callcoach.drills.cues import Assessment
from callcoach.drills.engine import DrillState, Ending, ProspectMove
from callcoach.drills.scenario import Scenario
from callcoach.errors import CallcoachError

__all__ = ["LLMConfig", "LLMError", "LLMProspect", "chat_messages", "system_prompt"]

_END = re.compile(r"\[\s*END\s*:\s*(advanced|stalled|lost|neutral)\s*\]", re.IGNORECASE)
MAX_LINE = 600
_ENDINGS: dict[str, Ending] = {
    "advanced": "advanced",
    "stalled": "stalled",
    "lost": "lost",
    "neutral": "neutral",
}


class LLMError(CallcoachError):
    """The configured model endpoint could not be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    url: str  # the API base, e.g. http://127.0.0.1:8080/v1 (…/chat/completions is appended)
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    temperature: float = 0.7

    def __post_init__(self) -> None:
        if not re.match(r"^https?://", self.url):
            raise LLMError(f"--llm-url {self.url!r} must start with http:// or https://")

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


def system_prompt(scenario: Scenario) -> str:
    p = scenario.persona
    stalls = "\n".join(f"- You say something like “{s.says}”. {s.unlock}" for s in p.stalls)
    assumptions = "\n".join(f"- {a}" for a in p.assumptions) or "- none"
    return (
        f"You are {p.name}, {p.role} at {p.company}, on a sales call with a seller (the user). "
        "Stay in character; never mention that you are an AI or that this is training.\n"
        f"Your real problem (do not volunteer it): {' '.join(p.problem.split())}\n"
        f"What it costs you (reveal the numbers only when the seller asks good, specific "
        f"questions about it): {' '.join(p.cost.split())}\n"
        f"What you believe:\n{assumptions}\n"
        f"Stalls you raise, and what would make you drop each one:\n{stalls or '- none'}\n"
        "React like a busy buyer: small talk and product pitches bore you; a vague pitch gets "
        "'send me some info'; if the seller accepts a stall, end the call politely; open "
        "questions about your business get real answers; a good insight that challenges your "
        "belief makes you reconsider. Answer in one to three short spoken sentences.\n"
        "When the call is over, end your last message with exactly one of [END: advanced] "
        "(you agreed to a concrete next step with a date), [END: stalled] (you put them off), "
        "[END: lost] (you are not interested)."
    )


def chat_messages(state: DrillState) -> list[dict[str, str]]:
    """The system prompt, then the drill so far: the prospect is the assistant."""
    messages = [{"role": "system", "content": system_prompt(state.scenario)}]
    for turn in state.turns:
        role = "assistant" if turn.role == "prospect" else "user"
        if messages[-1]["role"] == role:
            messages[-1]["content"] += "\n" + turn.text
        else:
            messages.append({"role": role, "content": turn.text})
    return messages


@dataclass(frozen=True, slots=True)
class LLMProspect:
    """A ``Prospect`` for ``engine.reply``: asks the endpoint for the next line."""

    config: LLMConfig

    def __call__(self, state: DrillState, assessment: Assessment) -> ProspectMove:
        content = self._complete(chat_messages(state))
        match = _END.search(content)
        ending: Ending | None = None
        if match is not None:
            ending = _ENDINGS[match.group(1).lower()]
            content = _END.sub("", content)
        text = " ".join(content.split())[:MAX_LINE]
        if not text:
            text = "…" if ending is None else "Okay. Thanks for calling."
        return ProspectMove((text,), ending)

    def _complete(self, messages: list[dict[str, str]]) -> str:
        body = json.dumps(
            {
                "model": self.config.model,
                "messages": messages,
                "temperature": self.config.temperature,
                "max_tokens": 200,
            }
        ).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(self.config.endpoint, body, headers, method="POST")
        where = self.config.endpoint
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                payload: Any = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise LLMError(f"{where}: the model server answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LLMError(f"{where}: cannot reach the model server ({reason})") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise LLMError(f"{where}: the model server did not answer with JSON") from None
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(
                f"{where}: not an OpenAI-style chat completion (no choices[0].message.content)"
            ) from None
        if not isinstance(content, str):
            raise LLMError(f"{where}: the completion's content is not text")
        return content
