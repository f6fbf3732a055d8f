from microcred_market.cli import main

raise SystemExit(main())
