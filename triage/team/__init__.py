"""The team itself: sign-in and sessions, passwords and TOTP, members and invitations, and the
team key pairs with every wrapped copy of them and their rotation."""
