"""The planner's workbench: `yucun serve`, a local web app to set up tourism policies
by form, run them against the baseline with replicates, and compare them in plain
language, in Chinese or English (docs/workbench.md).

It sits on top of the engine like the CLI does: scenarios are YAML files in the
workspace that `yucun run` runs unchanged, runs are `yucun run --replicates N`
processes, and every number it shows comes from `yucun compare` of those files.

    python3 -m yucun.workbench --workspace DIR [--port P] [--host H]
"""



def __getattr__(name):
    # Lazily: `python3 -m yucun.workbench.report` must not import the app first.
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(name)
