"""The landscape map: contact points, organisations, regions, opening hours, channels and the
classification taxonomy; the reviewed seed and the one serialiser of a contact point."""
