package link

// DevicesWithFeature is devicesWithFeature for the tests in nslib_test,
// which use nstest (nstest imports nslib, so they cannot be in package link).
var DevicesWithFeature = devicesWithFeature
