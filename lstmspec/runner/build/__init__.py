"""Spec -> keras.Model (stacks and functional graphs), cross-checked against lint's
static table."""
