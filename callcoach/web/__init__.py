"""The web app and REST API (``callcoach serve``): a sales team's calls in the browser.

``callcoach.web.app.create_app(WebSettings(...))`` builds the FastAPI application. Nothing
here is imported by the rest of callcoach, and this package's ``__init__`` imports nothing,
so ``callcoach --help`` does not load FastAPI.

Layout: ``settings`` (configuration), ``security`` (hashing, tokens, rate limits), ``auth``
(who is asking: session cookie or bearer token, CSRF), ``access`` (the one place that decides
who may see what), ``templating`` (Jinja2, base template, login page), ``pages`` (HTML
pages), ``api`` (``/api/v1``), ``jobs`` (background analysis of uploads), ``cli``
(``callcoach serve``, ``user``, ``token``).
"""
