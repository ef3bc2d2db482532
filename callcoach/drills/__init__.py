"""Account-executive training drills and the hiring mindset screen.

- ``scenario``: drill scenarios (YAML, validated) — ``load_scenario("finance-month-end")``;
- ``engine``: the branching script played against the trainee's replies;
- ``cues``: the live cue after each reply, read off the detectors' findings;
- ``report``: the finished drill as JSON / Markdown / HTML, with the call's scorecard;
- ``screen``: the hiring mindset screen of an interview transcript;
- ``llm``: an optional free-form prospect behind an OpenAI-compatible endpoint;
- ``cli``: ``callcoach drill list|run`` and ``callcoach screen``.

Nothing is imported here, so registering the commands keeps ``callcoach --help`` fast.
"""
